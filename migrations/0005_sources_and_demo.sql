CREATE TABLE IF NOT EXISTS public.mt_doc_draftcitations (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_draftcitations_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_draftcitations_idx_group_id ON public.mt_doc_draftcitations USING btree ((CAST(data ->> 'groupId' as uuid)));
CREATE TABLE IF NOT EXISTS public.mt_doc_groupsourcedocument (
    id                  uuid                        NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_dotnet_type      varchar                     NULL,
    mt_version          bigint                      NOT NULL DEFAULT 0,
CONSTRAINT pkey_mt_doc_groupsourcedocument_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_groupsourcedocument_idx_group_id ON public.mt_doc_groupsourcedocument USING btree ((CAST(data ->> 'groupId' as uuid)));
