-- A replica's clock must never run behind a value it has shown, across a
-- restart too. Its own change rows go once acknowledged and pulled writes
-- are not logged, so the newest clock it has seen is kept here (the
-- pulled batches', the acknowledgements', the enrolment snapshot's).
ALTER TABLE sync_state ADD COLUMN hlc TEXT NOT NULL DEFAULT '';
