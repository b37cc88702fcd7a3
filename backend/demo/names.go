package demo

import (
	"strings"
	"unicode"
)

var firstNames = []string{
	"James", "Olivia", "William", "Charlotte", "Jack", "Amelia", "Noah", "Isla", "Thomas", "Mia",
	"Oliver", "Ava", "Lucas", "Grace", "Henry", "Chloe", "Liam", "Sophie", "Ethan", "Emily",
	"Mason", "Zoe", "Harrison", "Ruby", "Lachlan", "Matilda", "Cooper", "Evie", "Ryan", "Ella",
	"Daniel", "Hannah", "Samuel", "Lily", "Benjamin", "Georgia", "Joshua", "Sarah", "Nathan", "Jessica",
	"Michael", "Emma", "David", "Rebecca", "Andrew", "Laura", "Matthew", "Rachel", "Christopher", "Megan",
	"Mads", "Priya", "Arjun", "Wei", "Mei", "Hiroshi", "Yuki", "Minh", "Linh", "Aisha",
	"Omar", "Fatima", "Ahmed", "Giulia", "Marco", "Sofia", "Luca", "Nikos", "Eleni", "Dimitri",
	"Anastasia", "Raj", "Ananya", "Sanjay", "Deepa", "Jin", "Hana", "Connor", "Brodie", "Tahlia",
	"Jarrah", "Kirra", "Mitchell", "Kate", "Fiona", "Angus", "Hamish", "Bronwyn", "Craig", "Darren",
	"Leanne", "Kylie", "Shane", "Troy", "Belinda", "Narelle", "Glenn", "Tracey", "Siobhan", "Declan",
}

var lastNames = []string{
	"Smith", "Jones", "Williams", "Brown", "Wilson", "Taylor", "Johnson", "White", "Martin", "Anderson",
	"Thompson", "Nguyen", "Thomas", "Walker", "Harris", "Lee", "Ryan", "Robinson", "Kelly", "King",
	"Davis", "Wright", "Evans", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel",
	"Khan", "Chen", "Wang", "Li", "Zhang", "Tran", "Le", "Pham", "Kim", "Park",
	"Singh", "Kaur", "Sharma", "Rossi", "Russo", "Papadopoulos", "Nikolaidis", "O'Brien", "O'Connor", "Murphy",
	"McDonald", "Campbell", "Stewart", "Mitchell", "Young", "Scott", "Morris", "Hughes", "Edwards", "Baker",
	"Cooper", "Hill", "Ward", "Turner", "Carter", "Phillips", "Watson", "Bennett", "Graham", "Hamilton",
	"Fraser", "Jensen", "Nielsen", "Larsen", "Schmidt", "Mueller", "Fischer", "Novak", "Kowalski", "Haddad",
	"Khoury", "Nasser", "Yamamoto", "Tanaka", "Sato", "Gupta", "Reddy", "Fernando", "Silva", "Santos",
	"Costa", "Dimitriou", "Ivanov", "Kovac", "Byrne", "Doyle", "Gallagher", "Quinn", "Burke", "Reid",
}

// Company names for client groups: a prefix and a kind of business.
var companyPrefixes = []string{
	"Harbour", "Southern Cross", "Pinnacle", "Coastal", "Metro", "Bayside", "Summit", "Evergreen",
	"Ironbark", "Blue Gum", "Red Gum", "Wattle", "Northbridge", "Horizon", "Capital", "Pacific",
	"Eastern", "Westside", "Greenfield", "Riverstone", "Sandstone", "Granite", "Bluestone", "Meridian",
	"Atlas", "Keystone", "Landmark", "Cornerstone", "Parkside", "Lakeside", "Highland", "Seaview",
	"Skyline", "Oakwood", "Banksia", "Jacaranda", "Waratah", "Heritage", "Premier", "Allied",
	"Sterling", "Crown", "Regent", "Vantage", "Apex", "Tasman", "Coral Sea", "Outback",
	"Murray", "Hawkesbury", "Yarra", "Swan River", "Torrens", "Derwent", "Brindabella", "Kakadu",
	"Endeavour", "Flinders", "Macquarie", "Ashfield", "Sovereign", "Anchor", "Beacon", "Lighthouse",
}

type companyKind struct{ full, short string }

var companyKinds = []companyKind{
	{"Strata Group", "Strata"}, {"Strata Management", "Strata"}, {"Property Group", "Property"},
	{"Property Management", "Property"}, {"Facilities", "Facilities"}, {"Facility Services", "Facilities"},
	{"Body Corporate Services", "Body Corporate"}, {"Owners Corporation Management", "OC Management"},
	{"Real Estate", "Real Estate"}, {"Asset Management", "Asset Management"},
	{"Commercial Property", "Commercial"}, {"Property Partners", "Property"}, {"Estates", "Estates"},
}

// Portfolio labels below a region, and sub-portfolio and cluster labels below those.
var portfolioKinds = []string{
	"Residential", "Commercial", "Retail", "Industrial", "Mixed Use", "Health & Aged Care",
	"Education", "Hospitality", "Government", "High-rise", "Townhouses",
}
var subPortfolioLabels = []string{"Key Accounts", "Team East", "Team West", "New Business", "Team North", "Team South"}
var clusterLabels = []string{"Precinct A", "Precinct B", "Precinct C", "Precinct D"}

// Client portfolio descriptors: "Mads Jensen — Strata Portfolio".
var clientDescriptors = []string{
	"Strata Portfolio", "Commercial Portfolio", "Residential Portfolio", "OC Management",
	"Building Management", "Retail Centres", "Industrial Estates", "Facilities Portfolio",
	"Strata Management", "Property Management", "Owners Corporations", "Asset Portfolio",
}

var streetNames = []string{
	"George", "Pitt", "Elizabeth", "King", "Queen", "Victoria", "Albert", "Church", "High", "Station",
	"Railway", "Park", "Ocean", "Beach", "Bay", "Harbour", "Military", "Pacific", "Anzac", "Wattle",
	"Banksia", "Acacia", "Grevillea", "Boronia", "Jacaranda", "Bridge", "Market", "Collins", "Bourke", "Flinders",
	"Lonsdale", "Swanston", "Adelaide", "Ann", "Edward", "Charlotte", "Murray", "Hay", "Wellington", "St Georges",
	"Grote", "Rundle", "Macquarie", "Liverpool", "Oxford", "Crown", "Riley", "Bourke", "Kent", "Sussex",
	"Clarence", "York", "Margaret", "Hunter", "Bligh", "Phillip", "Young", "Smith", "Johnston", "Brunswick",
	"Chapel", "Toorak", "Glenferrie", "Burwood", "Canterbury", "Belmore", "Forest", "Mountain", "River", "Lake",
	"Hill", "Garden", "Mill", "Wharf", "Dock", "Foundry", "Quarry", "Industry", "Enterprise", "Commerce",
}
var streetTypes = []string{
	"Street", "Street", "Street", "Road", "Road", "Avenue", "Parade", "Lane", "Drive", "Place",
	"Crescent", "Terrace", "Highway", "Boulevard", "Esplanade", "Way", "Court", "Close",
}

var buildingWords = []string{
	"Harbourview", "Riverside", "Parkview", "Seabreeze", "Ocean Vista", "The Monarch", "The Regent",
	"Kingsford", "Lindfield", "Wentworth", "Carrington", "Belvedere", "Camden", "Ashbury", "Bellevue",
	"Sandringham", "Waverley", "The Quay", "Northpoint", "Southgate", "Eastbank", "Westfield", "Broadway",
	"The Grand", "Aurora", "Meridian", "Solaris", "Arcadia", "Botanica", "Centennial", "Federation",
	"Jubilee", "Coronation", "Empire", "Commonwealth", "Heritage", "Summit", "Pinnacle", "Horizon", "Skyline",
}

// Property kinds: how a site is named, how big it is and which assets it has.
type propertyKind struct {
	name        string
	weight      float64 // share of sites
	size        float64 // relative amount of assets and work
	suffixes    []string
	floors      [2]int
	hasSprinkle float64 // chance of sprinklers and a fire indicator panel
}

var propertyKinds = []propertyKind{
	{"residential", 40, 1.0, []string{"Apartments", "Residences", "Towers", "Court", "House", "Gardens"}, [2]int{3, 24}, 0.45},
	{"commercial", 22, 1.8, []string{"House", "Tower", "Centre", "Chambers", "Plaza", "Building"}, [2]int{4, 40}, 0.9},
	{"retail", 10, 2.2, []string{"Shopping Centre", "Plaza", "Marketplace", "Shopping Village", "Arcade"}, [2]int{1, 4}, 0.85},
	{"industrial", 12, 0.8, []string{"Business Park", "Industrial Estate", "Logistics Centre", "Trade Centre"}, [2]int{1, 2}, 0.5},
	{"health", 6, 1.6, []string{"Medical Centre", "Aged Care", "Private Hospital", "Day Surgery"}, [2]int{1, 6}, 0.95},
	{"education", 5, 1.4, []string{"Public School", "Grammar School", "Childcare Centre", "TAFE Campus"}, [2]int{1, 4}, 0.6},
	{"hospitality", 5, 1.3, []string{"Hotel", "Serviced Apartments", "Club", "Motor Inn"}, [2]int{2, 15}, 0.8},
}

var tenancyLabels = []string{"Shop", "Suite", "Unit", "Tenancy", "Level"}

// emailPart turns a name into the local or domain part of an address.
func emailPart(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

type person struct{ first, last string }

func (p person) name() string { return p.first + " " + p.last }

func (r *rng) person() person { return person{pick(r, firstNames), pick(r, lastNames)} }

// phone returns an Australian mobile or landline number.
func (r *rng) phone(state string) string {
	if r.chance(0.6) {
		return "04" + digits(r, 2) + " " + digits(r, 3) + " " + digits(r, 3)
	}
	area := map[string]string{"NSW": "02", "ACT": "02", "VIC": "03", "TAS": "03", "QLD": "07", "WA": "08", "SA": "08", "NT": "08"}[state]
	if area == "" {
		area = "02"
	}
	return "(" + area + ") " + digits(r, 4) + " " + digits(r, 4)
}

func digits(r *rng, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}
