package sqlite

import (
	"context"
	"testing"

	"siteward/backend"
	"siteward/backend/importer"
)

// Clients imported at the hub (logged in bulk, one statement per table)
// reach an office laptop whole: each client with its contact and tags.
func TestSync_ImportedClientsReachALaptop(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceOffice)
	ctx := context.Background()
	file := "Client code *,Name *,Primary contact name,Primary contact email,Tags\n" +
		"IMP1,Imported One,Ada One,ada@example.com,north; strata\n" +
		"IMP2,Imported Two,Ben Two,ben@example.com,\n" +
		"IMP3,Imported Three,Cy Three,cy@example.com,south\n"
	r, err := importer.New(NewClientImportStore(w.hub)).ApplyClientImport(ctx, backend.ImportFile{Name: "clients.csv", Data: []byte(file)}, nil)
	if err != nil || r.Created != 3 {
		t.Fatalf("import = %+v, %v", r, err)
	}
	w.pull()
	const q = `SELECT c.code || ':' || k.name || ':' || COALESCE((SELECT group_concat(tag, '+') FROM (SELECT tag FROM client_tags
		WHERE client_id = c.id ORDER BY tag)), '') FROM clients c JOIN client_contacts k ON k.client_id = c.id AND k.is_primary
		WHERE c.code LIKE 'IMP%' ORDER BY c.code`
	for _, db := range []*DB{w.hub, w.laptop} {
		var got []string
		if err := db.View(ctx, func(tx *Tx) error {
			rows, err := tx.QueryContext(ctx, q)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					return err
				}
				got = append(got, s)
			}
			return rows.Err()
		}); err != nil {
			t.Fatal(err)
		}
		want := []string{"IMP1:Ada One:north+strata", "IMP2:Ben Two:", "IMP3:Cy Three:south"}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("%s holds %q, want %q", db.Path, got, want)
		}
	}
}
