-- Control Panel > Customer Portal counts sign-ins per client and per group
-- (the view signed in to): look them up by view, newest last.
CREATE INDEX sign_ins_view ON sign_ins (view_kind, view_id, at);
