package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"siteward/backend"
)

// A technician's install made from a whole copy drops what a slice never
// holds once its first pull reaches the end of the log: the composite-key
// rows too (a client's tags, its portal users, a group's accounts).
func TestSlice_WholeCopyDropsCompositeKeyRows(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	hub := MustOpenDBAt(t, filepath.Join(dir, "hub.db"), NewTestClock())
	hubSync := NewSyncService(hub)
	tech := MustCreateUser(t, hub, "Tess Tech", backend.LicenceTechnician)
	customer := MustCreateUser(t, hub, "Cora Customer", backend.LicenceCustomer)
	c := MustCreateClient(t, hub, "Harbour Strata", nil)
	mustInsertTask(t, hub, MustCreateProperty(t, hub, c, "Harbour Tower"), tech, "Monthly inspection")
	MustExec(t, hub, `INSERT INTO client_tags (client_id, tag) VALUES (?, 'strata')`, c.ID)
	MustExec(t, hub, `INSERT INTO client_users (client_id, user_id, created_at) VALUES (?, ?, 'x')`, c.ID, customer.ID)
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
	for {
		b, err := hubSync.Pull(ctx, site, mustPullFrom(t, lapSync), 500)
		if err != nil {
			t.Fatal(err)
		}
		if err := lapSync.ApplyPull(ctx, b); err != nil {
			t.Fatalf("apply pull: %v", err)
		}
		if !b.More {
			break
		}
	}
	if n := MustCount(t, laptop, `SELECT (SELECT COUNT(*) FROM client_tags) + (SELECT COUNT(*) FROM client_users)`); n != 0 {
		t.Errorf("%d tag and portal-user rows left on the technician's install", n)
	}
	if n := MustCount(t, laptop, `SELECT COUNT(*) FROM clients WHERE id = ?`, c.ID); n != 1 {
		t.Error("the slice's client left with its tags")
	}
	if n := MustCount(t, hub, `SELECT COUNT(*) FROM client_tags`); n != 1 {
		t.Error("a leave dropped the hub's row")
	}
}
