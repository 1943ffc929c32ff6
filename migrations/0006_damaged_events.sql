CREATE TABLE IF NOT EXISTS public.mt_doc_damagedevent (
    id                  bigint                      NOT NULL,
    data                jsonb                       NOT NULL,
    mt_last_modified    timestamp with time zone    NULL DEFAULT (transaction_timestamp()),
    mt_version          uuid                        NOT NULL DEFAULT (md5(random()::text || clock_timestamp()::text)::uuid),
    mt_dotnet_type      varchar                     NULL,
CONSTRAINT pkey_mt_doc_damagedevent_id PRIMARY KEY (id)
);

CREATE INDEX mt_doc_damagedevent_idx_stream_id ON public.mt_doc_damagedevent USING btree ((CAST(data ->> 'streamId' as uuid)));
CREATE TABLE IF NOT EXISTS public.mt_hilo (
    entity_name    varchar    NOT NULL,
    hi_value       bigint     NULL DEFAULT 0,
CONSTRAINT pkey_mt_hilo_entity_name PRIMARY KEY (entity_name)
);
CREATE
OR REPLACE FUNCTION public.mt_get_next_hi(entity varchar) RETURNS bigint AS
$$
DECLARE
current_value bigint;
    next_value
bigint;
BEGIN
select hi_value
into current_value
from public.mt_hilo
where entity_name = entity;
IF
current_value is null THEN
        insert into public.mt_hilo (entity_name, hi_value) values (entity, 0);
        next_value
:= 0;
ELSE
        next_value := current_value + 1;
update public.mt_hilo
set hi_value = next_value
where entity_name = entity and hi_value = current_value;

IF
NOT FOUND THEN
            next_value := -1;
END IF;
END IF;

return next_value;
END

$$
LANGUAGE plpgsql;


