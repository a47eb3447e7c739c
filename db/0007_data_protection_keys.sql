-- ASP.NET Core DataProtection key ring, shared by every instance so cookies survive restarts and
-- work behind a load balancer.
CREATE TABLE data_protection_key (
    id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name  text        NOT NULL,
    xml            text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT data_protection_key_name_unique UNIQUE (friendly_name)
);
