package sqlite

import (
	"context"
	"testing"
)

// A reference changed twice, the first time to another site's row: the
// install never holds that row, so the first change must not reach it as
// it is (its foreign key would fail the whole pull), whichever batch each
// change falls in; the install ends at the hub's value.
func TestSlice_IntermediateReferenceOutsideTheSlice(t *testing.T) {
	w := newSliceWorld(t)
	ctx := context.Background()
	signoff := queryString(t, w.hub, `SELECT id FROM signoffs WHERE property_id = ?`, w.pA.ID)
	MustExec(t, w.hub, `UPDATE signoffs SET document_id = ?, signed_by = 'B. Fitter' WHERE id = ?`, w.docB, signoff)
	MustExec(t, w.hub, `UPDATE signoffs SET document_id = NULL WHERE id = ?`, signoff)
	for {
		b, err := w.hubSync.Pull(ctx, w.site, mustPullFrom(t, w.lapSync), 1) // one change a batch
		if err != nil {
			t.Fatalf("pull: %v", err)
		}
		if err := w.lapSync.ApplyPull(ctx, b); err != nil {
			t.Fatalf("apply pull: %v", err)
		}
		if !b.More {
			break
		}
	}
	if w.has(w.laptop, "documents", w.docB) {
		t.Error("Beta's document reached Alpha's technician")
	}
	if got := queryString(t, w.laptop, `SELECT COALESCE(document_id, '') || '|' || signed_by FROM signoffs WHERE id = ?`, signoff); got != "|B. Fitter" {
		t.Errorf("the install's signoff = %q, want no document and the new signer (the hub's)", got)
	}
}
