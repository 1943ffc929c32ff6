CREATE TABLE IF NOT EXISTS public.mt_doc_amendment (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_amendment_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_amendment_idx_draft_id ON public.mt_doc_amendment USING btree ((CAST(data ->> 'draftId' as uuid)));
CREATE TABLE IF NOT EXISTS public.mt_doc_commentthread (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_commentthread_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_commentthread_idx_draft_id ON public.mt_doc_commentthread USING btree ((CAST(data ->> 'draftId' as uuid)));

CREATE INDEX mt_doc_commentthread_idx_paragraph_id ON public.mt_doc_commentthread USING btree ((CAST(data ->> 'paragraphId' as uuid)));
CREATE TABLE IF NOT EXISTS public.mt_doc_draftadoption (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_draftadoption_id PRIMARY KEY (id)
);
CREATE TABLE IF NOT EXISTS public.mt_doc_paragraphpositions (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_paragraphpositions_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_paragraphpositions_idx_draft_id ON public.mt_doc_paragraphpositions USING btree ((CAST(data ->> 'draftId' as uuid)));
CREATE TABLE IF NOT EXISTS public.mt_doc_revisionlog (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_revisionlog_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_revisionlog_idx_draft_id ON public.mt_doc_revisionlog USING btree ((CAST(data ->> 'draftId' as uuid)));
CREATE TABLE IF NOT EXISTS public.mt_doc_silenceprocedure (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_silenceprocedure_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_silenceprocedure_idx_draft_id ON public.mt_doc_silenceprocedure USING btree ((CAST(data ->> 'draftId' as uuid)));

CREATE INDEX mt_doc_silenceprocedure_idx_status ON public.mt_doc_silenceprocedure USING btree ((data ->> 'status'));
