package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"siteward/backend"
)

// An install made from a whole copy, before its first slice exists, holds
// every row of the copy but none created at the hub after it. A reference
// in its slice changed twice — first to such a row outside the slice, then
// back — must not reach it as it is, whichever batch each change falls in.
func TestSlice_WholeCopyIntermediateReferenceToANewerRow(t *testing.T) {
	for _, limit := range []int{1, 2, 500} {
		ctx := context.Background()
		dir := t.TempDir()
		hub := MustOpenDBAt(t, filepath.Join(dir, "hub.db"), NewTestClock())
		hubSync := NewSyncService(hub)
		tech := MustCreateUser(t, hub, "Tess Tech", backend.LicenceTechnician)
		cA, cB := MustCreateClient(t, hub, "Alpha Strata", nil), MustCreateClient(t, hub, "Beta Strata", nil)
		pA := MustCreateProperty(t, hub, cA, "Alpha Tower")
		MustCreateProperty(t, hub, cB, "Beta Tower")
		mustInsertTask(t, hub, pA, tech, "Alpha inspection")
		sum := strings.Repeat("cd", 32)
		MustExec(t, hub, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, 3, 'application/pdf', 'x')`, sum)
		signoff := backend.NewID()
		MustExec(t, hub, `INSERT INTO signoffs (id, property_id, contractor, signed_by, signed_on, created_at) VALUES (?, ?, 'Acme', 'A. Fitter', '2026-03-01', 'x')`, signoff, pA.ID)

		cursor, err := hubSync.LogPosition(ctx)
		if err != nil {
			t.Fatal(err)
		}
		snap, err := hub.Backup(ctx, "whole")
		if err != nil {
			t.Fatal(err)
		}
		laptop := MustOpenDBAt(t, snap, NewTestClock())
		lapSync := NewSyncService(laptop)
		site, epoch := backend.NewID(), backend.NewID()
		token, err := hubSync.EnrolSite(ctx, site, epoch, tech.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := lapSync.JoinHub(ctx, backend.SyncJoin{SiteID: site, Epoch: epoch, Token: token, Cursor: cursor}); err != nil {
			t.Fatal(err)
		}

		// After the copy: Beta's new document (outside the slice), named by
		// Alpha's signoff for a moment.
		docB := backend.NewID()
		MustExec(t, hub, `INSERT INTO documents (id, client_id, folder, name, file_sha256, created_at, updated_at) VALUES (?, ?, '', 'Beta induction', ?, 'x', 'x')`, docB, cB.ID, sum)
		// A change of the slice between them, so a batch can end after the
		// new row's (passed over) insert and before the reference to it.
		MustExec(t, hub, `UPDATE tasks SET description = 'Bring the ladder' WHERE property_id = ?`, pA.ID)
		MustExec(t, hub, `UPDATE signoffs SET document_id = ?, signed_by = 'B. Fitter' WHERE id = ?`, docB, signoff)
		MustExec(t, hub, `UPDATE signoffs SET document_id = NULL WHERE id = ?`, signoff)

		for {
			b, err := hubSync.Pull(ctx, site, mustPullFrom(t, lapSync), limit)
			if err != nil {
				t.Fatalf("limit %d: pull: %v", limit, err)
			}
			if err := lapSync.ApplyPull(ctx, b); err != nil {
				for _, c := range b.Changes {
					t.Logf("%d %s %s %s %s", c.Seq, c.Op, c.Table, c.RowID, c.Cols)
				}
				t.Fatalf("limit %d: apply pull: %v", limit, err)
			}
			if !b.More {
				break
			}
		}
		if n := MustCount(t, laptop, `SELECT COUNT(*) FROM documents WHERE id = ?`, docB); n != 0 {
			t.Errorf("limit %d: Beta's document reached Alpha's technician", limit)
		}
		if got := queryString(t, laptop, `SELECT COALESCE(document_id, '') || '|' || signed_by FROM signoffs WHERE id = ?`, signoff); got != "|B. Fitter" {
			t.Errorf("limit %d: the install's signoff = %q, want the hub's", limit, got)
		}
	}
}
