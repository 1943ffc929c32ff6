CREATE TABLE IF NOT EXISTS public.mt_doc_draft (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_draft_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_draft_idx_group_id ON public.mt_doc_draft USING btree ((CAST(data ->> 'groupId' as uuid)));
CREATE TABLE IF NOT EXISTS public.mt_doc_paragraph (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_paragraph_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_paragraph_idx_draft_id ON public.mt_doc_paragraph USING btree ((CAST(data ->> 'draftId' as uuid)));
CREATE TABLE IF NOT EXISTS public.mt_doc_workstream (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_workstream_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_workstream_idx_group_id ON public.mt_doc_workstream USING btree ((CAST(data ->> 'groupId' as uuid)));
