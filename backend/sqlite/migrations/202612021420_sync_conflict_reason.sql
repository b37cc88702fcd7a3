-- Why a conflict was recorded, when it is more than "edited on two devices":
-- a workflow field (task stage, quote status) the hub's flow did not allow
-- to move from its value there to the install's.
ALTER TABLE sync_conflicts ADD COLUMN reason TEXT NOT NULL DEFAULT '';
