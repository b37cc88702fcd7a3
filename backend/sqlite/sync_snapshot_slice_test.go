package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// A slice snapshot is built from the slice's rows: its derived data (the
// portal counts, the search index) is what its own rows make, nothing of
// the rest of the hub, and it holds no capture triggers of the hub's.
func TestSlice_SnapshotDerivedDataIsTheSlices(t *testing.T) {
	w := newSliceWorld(t)
	if n := MustCount(t, w.laptop, `SELECT COUNT(*) FROM search_docs WHERE property_id <> ?`, w.pA.ID); n != 0 {
		t.Errorf("%d search entries of other properties in the slice snapshot", n)
	}
	if n := MustCount(t, w.laptop, `SELECT COUNT(*) FROM search_docs WHERE property_id = ?`, w.pA.ID); n == 0 {
		t.Error("the slice's own property is not in its search index")
	}
	dump := func() string {
		var b strings.Builder
		rows, err := w.laptop.write.Query(`SELECT property_id, metric, bucket, key, n, amount FROM portal_counts ORDER BY 1, 2, 3, 4`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var p, m, bk, k string
			var n, a int64
			if err := rows.Scan(&p, &m, &bk, &k, &n, &a); err != nil {
				t.Fatal(err)
			}
			fmt.Fprint(&b, p, m, bk, k, n, a, "|")
		}
		return b.String()
	}
	before := dump()
	if strings.Contains(before, w.pB.ID) {
		t.Error("another property's counts are in the slice snapshot")
	}
	tx, err := w.laptop.write.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := rebuildCounts(context.Background(), tx); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if after := dump(); after != before {
		t.Errorf("the snapshot's counts differ from its rows' (%q, rebuilt %q)", before, after)
	}
}
