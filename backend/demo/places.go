package demo

import "time"

// suburb is a real Australian suburb with its postcode and approximate
// centre; region is the property-management region it belongs to.
type suburb struct {
	name, state, postcode, region string
	lat, lng                      float64
}

var suburbs = []suburb{
	// New South Wales
	{"Sydney", "NSW", "2000", "Sydney CBD", -33.8688, 151.2093},
	{"Pyrmont", "NSW", "2009", "Sydney CBD", -33.8699, 151.1940},
	{"Surry Hills", "NSW", "2010", "Sydney CBD", -33.8861, 151.2111},
	{"North Sydney", "NSW", "2060", "North Shore", -33.8390, 151.2070},
	{"St Leonards", "NSW", "2065", "North Shore", -33.8230, 151.1950},
	{"Chatswood", "NSW", "2067", "North Shore", -33.7969, 151.1803},
	{"Hornsby", "NSW", "2077", "North Shore", -33.7047, 151.0993},
	{"Ryde", "NSW", "2112", "North Shore", -33.8150, 151.1030},
	{"Manly", "NSW", "2095", "Northern Beaches", -33.7969, 151.2850},
	{"Dee Why", "NSW", "2099", "Northern Beaches", -33.7530, 151.2860},
	{"Bondi", "NSW", "2026", "Eastern Suburbs", -33.8915, 151.2767},
	{"Double Bay", "NSW", "2028", "Eastern Suburbs", -33.8780, 151.2430},
	{"Randwick", "NSW", "2031", "Eastern Suburbs", -33.9146, 151.2437},
	{"Mascot", "NSW", "2020", "Eastern Suburbs", -33.9290, 151.1940},
	{"Newtown", "NSW", "2042", "Inner West", -33.8981, 151.1746},
	{"Marrickville", "NSW", "2204", "Inner West", -33.9110, 151.1550},
	{"Parramatta", "NSW", "2150", "Western Sydney", -33.8150, 151.0011},
	{"Blacktown", "NSW", "2148", "Western Sydney", -33.7710, 150.9063},
	{"Castle Hill", "NSW", "2154", "Western Sydney", -33.7316, 151.0036},
	{"Penrith", "NSW", "2750", "Western Sydney", -33.7507, 150.6877},
	{"Liverpool", "NSW", "2170", "South Western Sydney", -33.9200, 150.9238},
	{"Bankstown", "NSW", "2200", "South Western Sydney", -33.9173, 151.0335},
	{"Campbelltown", "NSW", "2560", "South Western Sydney", -34.0650, 150.8142},
	{"Hurstville", "NSW", "2220", "St George & Sutherland", -33.9671, 151.1024},
	{"Cronulla", "NSW", "2230", "St George & Sutherland", -34.0581, 151.1543},
	{"Newcastle", "NSW", "2300", "Hunter", -32.9283, 151.7817},
	{"Charlestown", "NSW", "2290", "Hunter", -32.9640, 151.6930},
	{"Maitland", "NSW", "2320", "Hunter", -32.7316, 151.5525},
	{"Wollongong", "NSW", "2500", "Illawarra", -34.4278, 150.8931},
	{"Kiama", "NSW", "2533", "Illawarra", -34.6710, 150.8550},
	{"Gosford", "NSW", "2250", "Central Coast", -33.4267, 151.3417},
	{"Erina", "NSW", "2250", "Central Coast", -33.4370, 151.3880},
	{"Tuggerah", "NSW", "2259", "Central Coast", -33.3070, 151.4150},
	// Victoria
	{"Melbourne", "VIC", "3000", "Melbourne CBD", -37.8136, 144.9631},
	{"Southbank", "VIC", "3006", "Melbourne CBD", -37.8230, 144.9650},
	{"Docklands", "VIC", "3008", "Melbourne CBD", -37.8150, 144.9460},
	{"Carlton", "VIC", "3053", "Melbourne CBD", -37.8000, 144.9670},
	{"Fitzroy", "VIC", "3065", "Inner North", -37.7990, 144.9780},
	{"Preston", "VIC", "3072", "Inner North", -37.7420, 145.0030},
	{"Moonee Ponds", "VIC", "3039", "Inner North", -37.7650, 144.9200},
	{"Richmond", "VIC", "3121", "Inner South-East", -37.8230, 144.9980},
	{"South Yarra", "VIC", "3141", "Inner South-East", -37.8380, 144.9930},
	{"St Kilda", "VIC", "3182", "Bayside", -37.8676, 144.9810},
	{"Brighton", "VIC", "3186", "Bayside", -37.9050, 144.9990},
	{"Cheltenham", "VIC", "3192", "Bayside", -37.9550, 145.0540},
	{"Hawthorn", "VIC", "3122", "Eastern Melbourne", -37.8220, 145.0350},
	{"Camberwell", "VIC", "3124", "Eastern Melbourne", -37.8420, 145.0580},
	{"Box Hill", "VIC", "3128", "Eastern Melbourne", -37.8190, 145.1220},
	{"Glen Waverley", "VIC", "3150", "Eastern Melbourne", -37.8780, 145.1650},
	{"Footscray", "VIC", "3011", "Western Melbourne", -37.8000, 144.9000},
	{"Sunshine", "VIC", "3020", "Western Melbourne", -37.7880, 144.8320},
	{"Werribee", "VIC", "3030", "Western Melbourne", -37.9000, 144.6600},
	{"Dandenong", "VIC", "3175", "South-East Melbourne", -37.9870, 145.2150},
	{"Frankston", "VIC", "3199", "South-East Melbourne", -38.1440, 145.1260},
	{"Geelong", "VIC", "3220", "Regional Victoria", -38.1499, 144.3617},
	{"Ballarat", "VIC", "3350", "Regional Victoria", -37.5622, 143.8503},
	{"Bendigo", "VIC", "3550", "Regional Victoria", -36.7570, 144.2794},
	// Queensland
	{"Brisbane City", "QLD", "4000", "Brisbane Inner", -27.4698, 153.0251},
	{"New Farm", "QLD", "4005", "Brisbane Inner", -27.4680, 153.0510},
	{"Fortitude Valley", "QLD", "4006", "Brisbane Inner", -27.4570, 153.0350},
	{"South Brisbane", "QLD", "4101", "Brisbane Inner", -27.4800, 153.0180},
	{"Toowong", "QLD", "4066", "Brisbane Inner", -27.4850, 152.9920},
	{"Chermside", "QLD", "4032", "Greater Brisbane", -27.3850, 153.0310},
	{"Indooroopilly", "QLD", "4068", "Greater Brisbane", -27.5000, 152.9730},
	{"Springwood", "QLD", "4127", "Greater Brisbane", -27.6140, 153.1290},
	{"Ipswich", "QLD", "4305", "Greater Brisbane", -27.6140, 152.7580},
	{"Southport", "QLD", "4215", "Gold Coast", -27.9670, 153.4000},
	{"Surfers Paradise", "QLD", "4217", "Gold Coast", -28.0023, 153.4145},
	{"Broadbeach", "QLD", "4218", "Gold Coast", -28.0270, 153.4310},
	{"Robina", "QLD", "4226", "Gold Coast", -28.0780, 153.3850},
	{"Caloundra", "QLD", "4551", "Sunshine Coast", -26.8030, 153.1220},
	{"Maroochydore", "QLD", "4558", "Sunshine Coast", -26.6600, 153.0990},
	{"Noosa Heads", "QLD", "4567", "Sunshine Coast", -26.3940, 153.0900},
	{"Toowoomba", "QLD", "4350", "Regional Queensland", -27.5598, 151.9507},
	{"Mackay", "QLD", "4740", "Regional Queensland", -21.1410, 149.1860},
	{"Townsville", "QLD", "4810", "Regional Queensland", -19.2590, 146.8169},
	{"Cairns", "QLD", "4870", "Regional Queensland", -16.9186, 145.7781},
	// Western Australia
	{"Perth", "WA", "6000", "Perth Central", -31.9523, 115.8613},
	{"West Perth", "WA", "6005", "Perth Central", -31.9490, 115.8420},
	{"Subiaco", "WA", "6008", "Perth Central", -31.9490, 115.8260},
	{"Osborne Park", "WA", "6017", "Perth Central", -31.9010, 115.8100},
	{"Victoria Park", "WA", "6100", "Perth Central", -31.9760, 115.9050},
	{"Scarborough", "WA", "6019", "Northern Suburbs", -31.8940, 115.7620},
	{"Joondalup", "WA", "6027", "Northern Suburbs", -31.7450, 115.7660},
	{"Midland", "WA", "6056", "Eastern & South Metro", -31.8880, 116.0100},
	{"Cannington", "WA", "6107", "Eastern & South Metro", -32.0170, 115.9350},
	{"Fremantle", "WA", "6160", "Eastern & South Metro", -32.0569, 115.7439},
	{"Rockingham", "WA", "6168", "Peel & South West", -32.2770, 115.7290},
	{"Mandurah", "WA", "6210", "Peel & South West", -32.5290, 115.7230},
	{"Bunbury", "WA", "6230", "Peel & South West", -33.3270, 115.6410},
	// South Australia
	{"Adelaide", "SA", "5000", "Adelaide Central", -34.9285, 138.6007},
	{"North Adelaide", "SA", "5006", "Adelaide Central", -34.9070, 138.5930},
	{"Unley", "SA", "5061", "Adelaide Central", -34.9500, 138.6070},
	{"Norwood", "SA", "5067", "Adelaide Central", -34.9210, 138.6300},
	{"Port Adelaide", "SA", "5015", "Northern & Western Adelaide", -34.8460, 138.5030},
	{"Salisbury", "SA", "5108", "Northern & Western Adelaide", -34.7600, 138.6420},
	{"Elizabeth", "SA", "5112", "Northern & Western Adelaide", -34.7190, 138.6700},
	{"Glenelg", "SA", "5045", "Southern Adelaide", -34.9800, 138.5150},
	{"Marion", "SA", "5043", "Southern Adelaide", -35.0100, 138.5560},
	{"Mount Barker", "SA", "5251", "Adelaide Hills", -35.0670, 138.8580},
	// Tasmania
	{"Hobart", "TAS", "7000", "Greater Hobart", -42.8821, 147.3272},
	{"Sandy Bay", "TAS", "7005", "Greater Hobart", -42.9050, 147.3270},
	{"Glenorchy", "TAS", "7010", "Greater Hobart", -42.8330, 147.2800},
	{"Kingston", "TAS", "7050", "Greater Hobart", -42.9760, 147.3080},
	{"Launceston", "TAS", "7250", "Northern Tasmania", -41.4332, 147.1441},
	{"Devonport", "TAS", "7310", "Northern Tasmania", -41.1800, 146.3500},
	// Australian Capital Territory
	{"Canberra", "ACT", "2601", "Canberra Central", -35.2809, 149.1300},
	{"Kingston", "ACT", "2604", "Canberra Central", -35.3150, 149.1430},
	{"Braddon", "ACT", "2612", "Canberra Central", -35.2710, 149.1350},
	{"Phillip", "ACT", "2606", "Canberra South", -35.3460, 149.0860},
	{"Greenway", "ACT", "2900", "Canberra South", -35.4170, 149.0650},
	{"Belconnen", "ACT", "2617", "Canberra North", -35.2380, 149.0660},
	{"Gungahlin", "ACT", "2912", "Canberra North", -35.1860, 149.1330},
	// Northern Territory
	{"Darwin City", "NT", "0800", "Top End", -12.4634, 130.8456},
	{"Casuarina", "NT", "0810", "Top End", -12.3740, 130.8820},
	{"Stuart Park", "NT", "0820", "Top End", -12.4450, 130.8420},
	{"Palmerston City", "NT", "0830", "Top End", -12.4800, 130.9830},
	{"Alice Springs", "NT", "0870", "Central Australia", -23.6980, 133.8807},
}

// states in order of how much work a contractor's book has there (by population).
var states = []string{"NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT"}
var stateWeights = []float64{32, 26, 20, 10, 7, 2, 2, 1}

// stateZones are fixed offsets (standard time; daylight saving ignored) for
// turning local work hours and dates into UTC.
var stateZones = map[string]*time.Location{
	"NSW": time.FixedZone("AEST", 10*3600), "VIC": time.FixedZone("AEST", 10*3600),
	"QLD": time.FixedZone("AEST", 10*3600), "TAS": time.FixedZone("AEST", 10*3600),
	"ACT": time.FixedZone("AEST", 10*3600), "SA": time.FixedZone("ACST", 9*3600+1800),
	"NT": time.FixedZone("ACST", 9*3600+1800), "WA": time.FixedZone("AWST", 8*3600),
}

// geography indexes the suburb table by state and region.
type geography struct {
	regions  map[string][]string // state → regions in table order
	byRegion map[string][]int    // state+"/"+region → suburb indexes
	byState  map[string][]int
}

func newGeography() *geography {
	g := &geography{regions: map[string][]string{}, byRegion: map[string][]int{}, byState: map[string][]int{}}
	for i, s := range suburbs {
		key := s.state + "/" + s.region
		if len(g.byRegion[key]) == 0 {
			g.regions[s.state] = append(g.regions[s.state], s.region)
		}
		g.byRegion[key] = append(g.byRegion[key], i)
		g.byState[s.state] = append(g.byState[s.state], i)
	}
	return g
}

// suburbFor picks a suburb in region (if set), else in state, else anywhere.
func (g *geography) suburbFor(r *rng, state, region string) int {
	if region != "" {
		if list := g.byRegion[state+"/"+region]; len(list) > 0 {
			return pick(r, list)
		}
	}
	if list := g.byState[state]; len(list) > 0 {
		return pick(r, list)
	}
	return g.suburbFor(r, states[r.weighted(stateWeights)], "")
}
