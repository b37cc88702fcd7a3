-- Customer Data > Remarks lists every remark, newest first, across clients.
CREATE INDEX remarks_office ON remarks (raised_at) WHERE deleted_at IS NULL;
