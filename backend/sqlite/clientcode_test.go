package sqlite

import (
	"context"
	"strings"
	"testing"

	"siteward/backend"
)

func TestClientCode_UniqueWithAClearMessage(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	s := NewClientService(db)
	alpha := MustCreateClientWith(t, db, &backend.Client{Name: "Alpha Strata", Code: " A-100 ", Active: true})
	beta := MustCreateClient(t, db, "Beta Owners", nil)
	if got, _ := s.FindClientByID(ctx, alpha.ID); got.Code != "A-100" {
		t.Fatalf("code %q", got.Code)
	}

	// Another client may not take the code, in any letter case, on create or edit.
	err := s.CreateClient(ctx, &backend.Client{Name: "Gamma", Code: "a-100"})
	if backend.ErrorCode(err) != backend.EINVALID || !strings.Contains(err.(*backend.Error).Fields["code"], "already used by Alpha Strata") {
		t.Fatalf("duplicate on create: %v", err)
	}
	code := "A-100"
	if _, err := s.UpdateClient(ctx, beta.ID, backend.ClientUpdate{Code: &code}); backend.ErrorCode(err) != backend.EINVALID ||
		!strings.Contains(err.(*backend.Error).Fields["code"], "Alpha Strata") {
		t.Fatalf("duplicate on edit: %v", err)
	}
	if got, _ := s.FindClientByID(ctx, beta.ID); got.Code != "" {
		t.Errorf("the refused code was stored: %q", got.Code)
	}
	// Keeping one's own code, changing case, and clearing it are fine; a
	// cleared code frees it for another client.
	same := "a-100"
	if c, err := s.UpdateClient(ctx, alpha.ID, backend.ClientUpdate{Code: &same}); err != nil || c.Code != "a-100" {
		t.Fatalf("own code: %v", err)
	}
	none := ""
	if c, err := s.UpdateClient(ctx, alpha.ID, backend.ClientUpdate{Code: &none}); err != nil || c.Code != "" {
		t.Fatalf("clear code: %v", err)
	}
	if c, err := s.UpdateClient(ctx, beta.ID, backend.ClientUpdate{Code: &code}); err != nil || c.Code != "A-100" {
		t.Fatalf("freed code: %v", err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM clients WHERE code IS NULL`); n != 1 {
		t.Errorf("an empty code is stored as NULL: %d NULL", n)
	}
	long := strings.Repeat("x", backend.ClientCodeMax+1)
	if _, err := s.UpdateClient(ctx, beta.ID, backend.ClientUpdate{Code: &long}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("long code: %v", err)
	}
	// The list finds and sorts by code.
	if cs, n, err := s.FindClients(ctx, backend.ClientFilter{Query: "a-10"}); err != nil || n != 1 || cs[0].ID != beta.ID {
		t.Errorf("search by code: %d %v", n, err)
	}
}
