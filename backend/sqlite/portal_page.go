package sqlite

import (
	"context"
	"database/sql"
	"time"

	"siteward/backend"
)

// PortalPageService implements backend.PortalPageService.
type PortalPageService struct {
	db     *DB
	portal *PortalService
}

// NewPortalPageService returns a PortalPageService on db in the given time zone.
func NewPortalPageService(db *DB, loc *time.Location) *PortalPageService {
	return &PortalPageService{db: db, portal: NewPortalService(db, loc)}
}

var _ backend.PortalPageService = (*PortalPageService)(nil)

var errPropertyNotFound = backend.Errorf(backend.ENOTFOUND, "Property not found.")

// publicFolderSQL is the only folder that reaches the portal.
const publicFolderSQL = `lower(trim(d.folder)) = 'public'`

func (s *PortalPageService) FindPortalPropertyPage(ctx context.Context, sc backend.Scope, id string) (pg *backend.PortalPropertyPage, err error) {
	if !backend.ValidID(id) {
		return nil, errPropertyNotFound
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		ps, _, err := s.portal.findPortalProperties(ctx, tx, sc, backend.PortalPropertyFilter{ID: &id, Page: backend.Page{Limit: 1}})
		if err != nil {
			return err
		} else if len(ps) == 0 {
			return errPropertyNotFound
		}
		pg = &backend.PortalPropertyPage{Property: ps[0], Floorplans: []*backend.Floorplan{}, Documents: []*backend.PortalDocument{},
			Reports: []*backend.PortalReport{}, Signoffs: []*backend.Signoff{}}
		// The property is in the scope (checked just above, in this snapshot):
		// what hangs off it is read by its id.
		rows, err := tx.QueryContext(ctx, `SELECT f.id, f.name, f.width, f.height,
				(SELECT COUNT(*) FROM assets a WHERE a.floorplan_id = f.id AND a.property_id = f.property_id AND a.deleted_at IS NULL AND a.pin_x IS NOT NULL)
			FROM floorplans f WHERE f.property_id = ? AND f.deleted_at IS NULL ORDER BY f.name COLLATE NOCASE, f.id`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var f backend.Floorplan
			if err := rows.Scan(&f.ID, &f.Name, &f.Width, &f.Height, &f.Pins); err != nil {
				rows.Close()
				return err
			}
			pg.Floorplans = append(pg.Floorplans, &f)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT d.id, d.name, d.client_id IS NOT NULL, fl.mime, fl.size, d.created_at
			FROM documents d JOIN files fl ON fl.sha256 = d.file_sha256
			WHERE d.deleted_at IS NULL AND `+publicFolderSQL+` AND (d.property_id = ?1 OR d.client_id = ?2)
			ORDER BY d.client_id IS NOT NULL, d.name COLLATE NOCASE, d.id`, id, ps[0].ClientID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var d backend.PortalDocument
			if err := rows.Scan(&d.ID, &d.Name, &d.OnClient, &d.Mime, &d.Size, &d.CreatedAt); err != nil {
				rows.Close()
				return err
			}
			pg.Documents = append(pg.Documents, &d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = tx.QueryContext(ctx, `SELECT id, kind, title, period_start, period_end, published_at, file_sha256 IS NOT NULL
			FROM reports WHERE property_id = ? AND published = 1 AND deleted_at IS NULL
			ORDER BY published_at DESC, id DESC LIMIT 20`, id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var r backend.PortalReport
			var from, to sql.NullString
			if err := rows.Scan(&r.ID, &r.Kind, &r.Title, &from, &to, &r.PublishedAt, &r.HasFile); err != nil {
				rows.Close()
				return err
			}
			r.PeriodStart, r.PeriodEnd = nullStr(from), nullStr(to)
			if !r.HasFile && from.Valid && to.Valid { // a generated report saved without its file is drawn again
				_, r.HasFile = (&backend.Report{Kind: backend.ReportKind(r.Kind), PeriodStart: from.String, PeriodEnd: to.String}).Request()
			}
			pg.Reports = append(pg.Reports, &r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		// A signoff's document shows only when the customer may open it:
		// in a public folder of the property or its client.
		rows, err = tx.QueryContext(ctx, signoffSelect(` AND `+publicFolderSQL+` AND (d.property_id = ?1 OR d.client_id = ?2)`)+`
			WHERE s.property_id = ?1 AND s.deleted_at IS NULL ORDER BY s.signed_on DESC, s.id DESC LIMIT 100`, id, ps[0].ClientID)
		if err != nil {
			return err
		}
		pg.Signoffs, err = scanSignoffs(rows)
		return err
	})
	return pg, err
}

var errFileNotFound = backend.Errorf(backend.ENOTFOUND, "File not found.")

func (s *PortalPageService) FindPortalFile(ctx context.Context, sc backend.Scope, kind, id string) (*backend.StoredFileRef, error) {
	if !backend.ValidID(id) {
		return nil, errFileNotFound
	}
	cte, args := scopeCTE(sc)
	args = append(args, id)
	var q string
	switch kind {
	case backend.FileFloorplan:
		q = `SELECT f.file_sha256, fl.mime, f.name FROM floorplans f JOIN files fl ON fl.sha256 = f.file_sha256
			WHERE f.id = ?4 AND f.deleted_at IS NULL AND f.property_id IN (SELECT id FROM scope_properties)`
	case backend.FileDocument:
		// A client's public document is reachable only through one of its
		// properties the user may see, so a property-limited user sees the
		// same documents on the page and by link.
		q = `SELECT d.file_sha256, fl.mime, d.name FROM documents d JOIN files fl ON fl.sha256 = d.file_sha256
			WHERE d.id = ?4 AND d.deleted_at IS NULL AND ` + publicFolderSQL + ` AND (d.property_id IN (SELECT id FROM scope_properties)
				OR d.client_id IN (SELECT p.client_id FROM properties p WHERE p.id IN (SELECT id FROM scope_properties)))`
	default:
		return nil, errFileNotFound
	}
	var ref backend.StoredFileRef
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, cte+" "+q, args...).Scan(&ref.SHA256, &ref.Mime, &ref.Name)
	})
	if err == sql.ErrNoRows {
		return nil, errFileNotFound
	} else if err != nil {
		return nil, err
	}
	return &ref, nil
}
