package sqlite

import "siteward/backend"

// technicianMayUpdate checks a technician's edit of a task on their own
// install before anything is written: another technician's task is not
// found (like a missing id), and only what the hub lets a technician change
// (technicianRules) may be sent — technician, due date and title are the
// office's.
func technicianMayUpdate(cur *backend.Task, u backend.TaskUpdate) error {
	if u.ByTechnician == "" {
		return nil
	}
	if deref(cur.TechnicianID) != u.ByTechnician {
		return errTaskNotFound
	}
	fields := map[string]string{}
	if u.TechnicianID != nil && *u.TechnicianID != deref(cur.TechnicianID) {
		fields["technicianId"] = "The office assigns tasks."
	}
	if u.DueOn != nil && *u.DueOn != cur.DueOn {
		fields["dueOn"] = "The office sets the due date."
	}
	if u.Title != nil && *u.Title != cur.Title {
		fields["title"] = "The office names tasks."
	}
	if len(fields) > 0 {
		return &backend.Error{Code: backend.EFORBIDDEN, Message: "A technician may change a task's stage, scheduled date and results only.", Fields: fields}
	}
	return nil
}
