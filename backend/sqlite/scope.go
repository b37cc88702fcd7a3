package sqlite

import "siteward/backend"

// scopeCTE returns the WITH RECURSIVE clauses that resolve a portal scope to
// the clients and properties it covers (DESIGN.md §5): every portal query
// starts from scope_properties, so nothing outside the view can be reached.
//
//	view_groups       the view's group and every group nested below it
//	scope_clients     active clients of the view (two branches, so each
//	                  reads through an index; CROSS JOIN keeps the groups
//	                  first: no scan of every client)
//	scope_properties  active properties of those clients, intersected with
//	                  the user's property limits when they have any
func scopeCTE(s backend.Scope) (string, []any) {
	return `WITH RECURSIVE
	view_groups(id) AS (
		SELECT id FROM client_groups WHERE ?1 = 'group' AND id = ?2 AND deleted_at IS NULL
		UNION
		SELECT g.id FROM client_groups g JOIN view_groups v ON g.parent_id = v.id WHERE g.deleted_at IS NULL
	),
	scope_clients(id) AS (
		SELECT id FROM clients WHERE ?1 = 'client' AND id = ?2 AND deleted_at IS NULL AND active = 1
		UNION ALL
		SELECT c.id FROM view_groups v CROSS JOIN clients c ON c.group_id = v.id WHERE c.deleted_at IS NULL AND c.active = 1
	),
	scope_properties(id) AS (
		SELECT p.id FROM properties p
		WHERE p.client_id IN (SELECT id FROM scope_clients) AND p.active = 1 AND p.deleted_at IS NULL
			AND (NOT EXISTS (SELECT 1 FROM user_property_limits l WHERE l.user_id = ?3)
				OR p.id IN (SELECT property_id FROM user_property_limits l WHERE l.user_id = ?3))
	)`, []any{string(s.View.Kind), s.View.ID, s.UserID}
}

// severityRankSQL orders severities worst first (0 = critical).
const severityRankSQL = `CASE severity WHEN 'critical' THEN 0 WHEN 'non_critical' THEN 1 WHEN 'non_conformance' THEN 2
	WHEN 'recommendation' THEN 3 ELSE 4 END`
