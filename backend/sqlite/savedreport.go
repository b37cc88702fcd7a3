package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strings"

	"siteward/backend"
)

// ReportService implements backend.ReportService: reports saved against a
// property, their PDFs content-addressed in the file store.
type ReportService struct {
	db    *DB
	files backend.FileStore
}

// NewReportService returns a ReportService on db keeping PDFs in files.
func NewReportService(db *DB, files backend.FileStore) *ReportService {
	return &ReportService{db: db, files: files}
}

var _ backend.ReportService = (*ReportService)(nil)

// SaveReport writes the file first (temp → fsync → rename, so it is whole
// or absent), then the rows in one transaction. A failed transaction
// leaves at most an unreferenced file, never a row without its file.
func (s *ReportService) SaveReport(ctx context.Context, r *backend.Report, pdf []byte) error {
	p := backend.Problems{}
	r.Title = strings.TrimSpace(r.Title)
	if r.Title == "" {
		p.Add("title", "Enter a title.")
	} else if len(r.Title) > 200 {
		p.Add("title", "Keep the title under 200 characters.")
	}
	if len(pdf) == 0 {
		p.Add("file", "The report has no content.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	sum := sha256.Sum256(pdf)
	r.FileSHA256, r.Size = hex.EncodeToString(sum[:]), int64(len(pdf))
	return s.db.Update(ctx, func(tx *Tx) error {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM properties WHERE id = ? AND active = 1 AND deleted_at IS NULL`, r.PropertyID).Scan(&one)
		if err == sql.ErrNoRows {
			return backend.Errorf(backend.ENOTFOUND, "Property not found.")
		} else if err != nil {
			return err
		}
		if err := s.files.PutFile(r.FileSHA256, "application/pdf", pdf); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, ?, 'application/pdf', ?)
			ON CONFLICT (sha256) DO NOTHING`, r.FileSHA256, r.Size, tx.now); err != nil {
			return err
		}
		r.ID = backend.NewID()
		var publishedAt any
		if r.Published {
			publishedAt = tx.now
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO reports (id, property_id, kind, title, period_start, period_end,
			file_sha256, published, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.PropertyID, string(r.Kind), r.Title, r.PeriodStart, r.PeriodEnd, r.FileSHA256, r.Published,
			publishedAt, tx.now, tx.now); err != nil {
			return err
		}
		saved, err := findReportByID(ctx, tx, r.ID)
		if err == nil {
			*r = *saved
		}
		return err
	})
}

func (s *ReportService) FindReportByID(ctx context.Context, id string) (r *backend.Report, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		r, err = findReportByID(ctx, tx, id)
		return err
	})
	return r, err
}

func findReportByID(ctx context.Context, tx *Tx, id string) (*backend.Report, error) {
	rs, _, err := findReports(ctx, tx, backend.ReportFilter{Page: backend.Page{Limit: 1}}, "r.id = ?", id)
	if err != nil {
		return nil, err
	} else if len(rs) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Report not found.")
	}
	return rs[0], nil
}

func (s *ReportService) FindReports(ctx context.Context, f backend.ReportFilter) (rs []*backend.Report, n int, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		rs, n, err = findReports(ctx, tx, f, "")
		return err
	})
	return rs, n, err
}

// FindPortalReports lists the scope's published reports: the portal's
// Latest reports. Scoped like every portal query (scopeCTE).
func (s *ReportService) FindPortalReports(ctx context.Context, sc backend.Scope, f backend.ReportFilter) (rs []*backend.Report, n int, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		rs, n, err = findPortalReports(ctx, tx, sc, f, "")
		return err
	})
	return rs, n, err
}

func (s *ReportService) FindPortalReport(ctx context.Context, sc backend.Scope, id string) (r *backend.Report, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		rs, _, err := findPortalReports(ctx, tx, sc, backend.ReportFilter{Page: backend.Page{Limit: 1}}, id)
		if err != nil {
			return err
		} else if len(rs) == 0 {
			return backend.Errorf(backend.ENOTFOUND, "Report not found.")
		}
		r = rs[0]
		return nil
	})
	return r, err
}

func findPortalReports(ctx context.Context, tx *Tx, sc backend.Scope, f backend.ReportFilter, id string) ([]*backend.Report, int, error) {
	cte, args := scopeCTE(sc)
	// ?4 is always referenced, so the unnumbered parameters after it count on from 5.
	w := "r.property_id IN (SELECT id FROM scope_properties) AND r.published = 1 AND (?4 = '' OR r.id = ?4)"
	args = append(args, id)
	f.Published = nil
	if id != "" || f.PropertyID != nil {
		return findReportsWith(ctx, tx, cte, f, w, args, nil)
	}
	// The whole view's count is its pre-aggregated one (portal_counts'
	// "reports", kept exact by triggers), not a count of its thousands of
	// reports.
	total, err := viewCount(ctx, tx, sc, "c.metric = 'reports'")
	if err != nil {
		return nil, 0, err
	}
	return findReportsWith(ctx, tx, cte, f, w, args, &total)
}

// findReports lists saved reports; extra is one more condition with its argument.
func findReports(ctx context.Context, tx *Tx, f backend.ReportFilter, extra string, extraArg ...any) ([]*backend.Report, int, error) {
	return findReportsWith(ctx, tx, "", f, extra, extraArg, nil)
}

// findReportsWith lists saved reports after an optional WITH clause whose
// parameters, numbered, come first in args; extra is one more condition.
// The reports are counted unless counted gives their number.
func findReportsWith(ctx context.Context, tx *Tx, with string, f backend.ReportFilter, extra string, extraArgs []any, counted *int) ([]*backend.Report, int, error) {
	w := where{"r.deleted_at IS NULL"}
	var args []any
	if extra != "" {
		w = append(w, extra)
		args = append(args, extraArgs...)
	}
	if f.PropertyID != nil {
		w, args = append(w, "r.property_id = ?"), append(args, *f.PropertyID)
	}
	if f.Published != nil {
		w, args = append(w, "r.published = ?"), append(args, *f.Published)
	}
	f.Page.Normalize()
	if f.Sort == "" {
		f.Sort = "-createdAt"
	}
	col, desc := f.Page.SortKey("createdAt", "createdAt", "periodStart", "title")
	order := map[string]string{"createdAt": "r.created_at", "periodStart": "r.period_start", "title": "r.title"}[col]
	l := pagedList{with: with, from: "FROM reports r", alias: "r", w: w}
	l.orderBy(order, desc)
	var total int
	if counted != nil {
		total = *counted
	} else if err := tx.QueryRowContext(ctx, l.countSQL(), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, with+` SELECT r.id, r.property_id, p.name, r.kind, r.title, COALESCE(r.period_start, ''),
		COALESCE(r.period_end, ''), COALESCE(r.file_sha256, ''), COALESCE(fl.size, 0), r.published, r.published_at, r.created_at
		FROM `+l.pageSQL()+` CROSS JOIN reports r ON r.rowid = pg.n JOIN properties p ON p.id = r.property_id
		LEFT JOIN files fl ON fl.sha256 = r.file_sha256
		ORDER BY `+l.sorted, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*backend.Report
	for rows.Next() {
		var r backend.Report
		var kind, created string
		var published sql.NullString
		if err := rows.Scan(&r.ID, &r.PropertyID, &r.Property, &kind, &r.Title, &r.PeriodStart, &r.PeriodEnd, &r.FileSHA256, &r.Size,
			&r.Published, &published, &created); err != nil {
			return nil, 0, err
		}
		r.Kind = backend.ReportKind(kind)
		r.CreatedAt, _ = backend.ParseTime(created)
		if published.Valid {
			t, _ := backend.ParseTime(published.String)
			r.PublishedAt = &t
		}
		out = append(out, &r)
	}
	return out, total, rows.Err()
}

func (s *ReportService) ReportFile(ctx context.Context, id string) (*backend.Report, []byte, error) {
	r, err := s.FindReportByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if r.FileSHA256 == "" {
		return nil, nil, backend.Errorf(backend.ENOTFOUND, "This report has no file.")
	}
	b, err := s.files.ReadFile(r.FileSHA256)
	return r, b, err
}
