package demo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"siteward/backend"
)

// LoginsFile is the name of the file WriteLogins writes in the data folder.
const LoginsFile = "demo-logins.json"

// Logins are the sign-ins a person or a browser test uses on a demo
// dataset, with what each should see in the portal.
type Logins struct {
	Size        Size    `json:"size"`
	Seed        uint64  `json:"seed"`
	GeneratedAt string  `json:"generatedAt"`
	Counts      Counts  `json:"counts"`
	Logins      []Login `json:"logins"`
}

// Login roles.
const (
	RoleOffice          = "office"
	RoleTechnician      = "technician"
	RoleClient          = "client"           // linked to one client
	RoleRegion          = "region"           // authorised for a regional group (a child of RoleNational's group)
	RoleNational        = "national"         // authorised for a national (root) group
	RoleOtherNational   = "national_other"   // authorised for a second, unrelated root group
	RolePropertyLimited = "property_limited" // linked to one client, limited to some of its properties
)

// Login is one demo sign-in.
type Login struct {
	Role     string `json:"role"`
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
	Licence  string `json:"licence"`
	// Scope is the view a customer signs in to (nil for staff).
	Scope *LoginScope `json:"scope,omitempty"`
	// Sees is what the portal shows in that view (nil for staff).
	Sees *Sees `json:"sees,omitempty"`
}

// LoginScope is a customer's view.
type LoginScope struct {
	Kind string `json:"kind"` // "client" or "group"
	ID   string `json:"id"`
	Name string `json:"name"`
	// Parent is the group the view's group sits in, and Root the top of its
	// tree (the national group, for the regional login); nil for a root.
	Parent *Ref `json:"parent,omitempty"`
	Root   *Ref `json:"root,omitempty"`
}

// Ref names a record.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// PropertyRef names a property and where it sits.
type PropertyRef struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	ClientID   string `json:"clientId"`
	ClientName string `json:"clientName"`
	GroupName  string `json:"groupName,omitempty"`
}

// Sees is what a customer's view holds: active properties of active
// clients, intersected with the user's property limits.
type Sees struct {
	Properties int `json:"properties"`
	Clients    int `json:"clients"`
	Groups     int `json:"groups"` // the view's group and the groups below it
	// ChildGroups are the groups directly below the view's group.
	ChildGroups []Ref `json:"childGroups,omitempty"`
	// Visible is a property the view shows; for the regional login it belongs
	// to a client of one of the child groups.
	Visible PropertyRef `json:"visible"`
	// Hidden is a property the view must never show: another region's for the
	// regional login, the other company's for the national ones, another
	// client's for the client login, and an unlisted property of the same
	// client for the property-limited login.
	Hidden PropertyRef `json:"hidden"`
	// LimitedTo lists the property-limited login's properties.
	LimitedTo []PropertyRef `json:"limitedTo,omitempty"`
}

// Get returns the login with the given role, or nil.
func (l *Logins) Get(role string) *Login {
	for i := range l.Logins {
		if l.Logins[i].Role == role {
			return &l.Logins[i]
		}
	}
	return nil
}

// WriteLogins writes demo-logins.json in dir (temp file, then rename).
func WriteLogins(dir string, l *Logins) error {
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	return backend.WriteFileAtomic(filepath.Join(dir, LoginsFile), append(b, '\n'), 0o600)
}

// ReadLogins reads demo-logins.json from dir.
func ReadLogins(dir string) (*Logins, error) {
	b, err := os.ReadFile(filepath.Join(dir, LoginsFile))
	if err != nil {
		return nil, err
	}
	var l Logins
	if err := json.Unmarshal(b, &l); err != nil {
		return nil, fmt.Errorf("%s: %w", LoginsFile, err)
	}
	return &l, nil
}

// loginPlan is a chosen demo customer before its user exists.
type loginPlan struct {
	role, email string
	group       int   // authorised group, or -1
	client      int   // linked client, or -1
	limits      []int // property limits
	sees        Sees
}

func (g *generator) propRef(pi int) PropertyRef {
	p := g.props[pi]
	c := g.clients[p.client]
	ref := PropertyRef{ID: p.id, Name: p.name, ClientID: c.id, ClientName: c.name}
	if c.group >= 0 {
		ref.GroupName = g.groups[c.group].name
	}
	return ref
}

// chooseLogins picks the views of the demo customer logins so the scope
// rules can be checked: a regional group of the first national company
// whose child groups hold properties, and a sibling region that must stay
// hidden; the national group itself; a second company; a client; and a
// client's user limited to two of its properties.
func (g *generator) chooseLogins() ([]loginPlan, error) {
	national := 0 // the first root is the forced national company
	natProps := g.visibleProps(g.groupClients(national))
	var plans []loginPlan

	// Regional: a region with a child group that has visible properties, and
	// another region of the same company with visible properties.
	regionAt := -1
	var regionVisible, hidden int
	for _, gi := range g.subtree(national) {
		grp := g.groups[gi]
		if grp.kind != gkRegion {
			continue
		}
		childProp := -1
		for _, kid := range grp.children {
			if vp := g.visibleProps(g.groupClients(kid)); len(vp) > 0 {
				childProp = vp[0]
				break
			}
		}
		if childProp < 0 {
			continue
		}
		inRegion := map[int]bool{}
		for _, pi := range g.visibleProps(g.groupClients(gi)) {
			inRegion[pi] = true
		}
		other := -1
		for _, gj := range g.subtree(national) {
			if g.groups[gj].kind == gkRegion && gj != gi {
				for _, pi := range g.visibleProps(g.groupClients(gj)) {
					if !inRegion[pi] {
						other = pi
						break
					}
				}
			}
			if other >= 0 {
				break
			}
		}
		if other >= 0 {
			regionAt, regionVisible, hidden = gi, childProp, other
			break
		}
	}
	if regionAt < 0 {
		return nil, fmt.Errorf("demo: no regional group fits the regional login (seed %d)", g.opt.Seed)
	}
	plans = append(plans, g.groupLogin(RoleRegion, "region@siteward.demo", regionAt, regionVisible, hidden))

	// National, and a second company whose properties the national user must not see.
	other := -1
	for _, gi := range g.groups {
		if gi.parent < 0 && gi.idx != national && len(gi.children) > 0 && len(g.visibleProps(g.groupClients(gi.idx))) > 0 {
			other = gi.idx
			break
		}
	}
	if other < 0 || len(natProps) == 0 {
		return nil, fmt.Errorf("demo: no second company fits the logins (seed %d)", g.opt.Seed)
	}
	otherProps := g.visibleProps(g.groupClients(other))
	plans = append(plans, g.groupLogin(RoleNational, "national@siteward.demo", national, natProps[0], otherProps[0]))
	plans = append(plans, g.groupLogin(RoleOtherNational, "national2@siteward.demo", other, otherProps[0], natProps[0]))

	// A client with a handful of properties, and another for the limited user.
	clientAt, limitedAt := -1, -1
	for _, c := range g.clients {
		n := len(g.visibleProps([]int{c.idx}))
		switch {
		case clientAt < 0 && n >= 3 && n <= 15:
			clientAt = c.idx
		case limitedAt < 0 && n >= 4:
			limitedAt = c.idx
		}
	}
	if clientAt < 0 || limitedAt < 0 {
		return nil, fmt.Errorf("demo: no client fits the client logins (seed %d)", g.opt.Seed)
	}
	cp := g.visibleProps([]int{clientAt})
	lp := g.visibleProps([]int{limitedAt})
	plans = append(plans, loginPlan{role: RoleClient, email: "client@siteward.demo", group: -1, client: clientAt,
		sees: Sees{Properties: len(cp), Clients: 1, Visible: g.propRef(cp[0]), Hidden: g.propRef(lp[0])}})
	limited := loginPlan{role: RolePropertyLimited, email: "limited@siteward.demo", group: -1, client: limitedAt,
		limits: lp[:2], sees: Sees{Properties: 2, Clients: 1, Visible: g.propRef(lp[0]), Hidden: g.propRef(lp[2])}}
	for _, pi := range limited.limits {
		limited.sees.LimitedTo = append(limited.sees.LimitedTo, g.propRef(pi))
	}
	return append(plans, limited), nil
}

func (g *generator) groupLogin(role, email string, gi, visible, hidden int) loginPlan {
	grp := g.groups[gi]
	clients := g.groupClients(gi)
	active := 0
	for _, ci := range clients {
		if g.clients[ci].active {
			active++
		}
	}
	s := Sees{Properties: len(g.visibleProps(clients)), Clients: active, Groups: len(g.subtree(gi)),
		Visible: g.propRef(visible), Hidden: g.propRef(hidden)}
	for _, kid := range grp.children {
		s.ChildGroups = append(s.ChildGroups, Ref{g.groups[kid].id, g.groups[kid].name})
	}
	return loginPlan{role: role, email: email, group: gi, client: -1, sees: s}
}
