package persistence

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"salesops/domain"
)

// ImportField is a canonical field of an import kind (PRODUCT.md §7): its
// key, the English title our exports and templates use, a description and
// an example for the template, and the header spellings CRMs use for it
// (normalised: lower case, letters and digits only), best first.
type ImportField struct {
	Key         string
	Title       string
	Description string
	Example     string
	aliases     []string
}

// ImportKinds are the table kinds the spreadsheet engine imports.
var ImportKinds = []string{"deals", "accounts", "people", "quotas"}

var importFields = map[string][]ImportField{
	"deals": {
		{"deal_id", "Deal ID", "The CRM's ID: rows with the same ID update the same deal", "OPP-1001", []string{"dealid", "opportunityid", "recordid", "id", "externalid", "dealnumber"}},
		{"name", "Name", "The deal's name", "Acme renewal 2026", []string{"name", "dealname", "opportunityname", "title", "dealtitle", "opportunity", "subject"}},
		{"account", "Account", "Account ID or name; a new name creates the account", "Acme Corp", []string{"account", "accountname", "company", "companyname", "organization", "organisation", "organizationname", "organisationname", "associatedcompany", "associatedcompanyprimary", "customer", "customername", "client"}},
		{"owner", "Owner", "Email or name of the seller; someone new is created", "ada@example.com", []string{"owner", "dealowner", "opportunityowner", "owneremail", "ownername", "salesrep", "salesagent", "salesperson", "rep", "assignedto", "user"}},
		{"stage", "Stage", "Stage name; a new name creates the stage (Won/Lost inferred)", "Negotiation", []string{"stage", "dealstage", "salesstage", "stagename", "phase", "pipelinestage"}},
		{"amount", "Amount", "Amount in the deal's currency", "12500.00", []string{"amount", "value", "dealvalue", "dealamount", "amountinhomecurrency", "totalamount", "sales", "revenue"}},
		{"currency", "Currency", "ISO code; empty = the workspace currency", "EUR", []string{"currency", "amountcurrency", "opportunitycurrency", "dealcurrency", "currencycode", "currencyisocode", "valuecurrency"}},
		{"created", "Created", "Date the deal was created", "2026-01-15", []string{"created", "createddate", "createdate", "createdtime", "createdon", "createdat", "dealcreated", "dealcreatedon", "addtime", "dateadded"}},
		{"close_date", "Close date", "Date won or lost, or expected", "2026-06-30", []string{"closedate", "closingdate", "dealclosedon", "closedon", "closetime", "wontime", "losttime", "expectedclosedate", "expectedclosingdate", "expectedclose"}},
		{"probability", "Probability", "40, 40% or 0.4; empty = the stage's", "40%", []string{"probability", "dealprobability", "winprobability", "probabilitypercent"}},
		{"forecast_category", "Forecast category", "Pipeline, Best case, Commit, Closed or Omitted", "Commit", []string{"forecastcategory", "forecastcategoryname", "forecast", "dealforecastcategory"}},
		{"lost_reason", "Lost reason", "Why a lost deal was lost", "Price", []string{"lostreason", "lossreason", "reasonforloss", "closedlostreason", "dealclosedlostreason"}},
		{"product", "Product", "Main product", "Platform", []string{"product", "productname", "productline"}},
		{"lead_created", "Lead created", "Date and time the lead came in", "2026-01-10T09:30:00Z", []string{"leadcreated", "leadcreateddate", "leaddate"}},
		{"first_response", "First response", "Date and time of the first reply", "2026-01-10T11:00:00Z", []string{"firstresponse", "firstresponsedate", "firstcontact"}},
		{"status", "Status", "open, won or lost when the stage alone does not say (Pipedrive)", "", []string{"status", "dealstatus"}},
	},
	"accounts": {
		{"account_id", "Account ID", "The CRM's ID: rows with the same ID update the same account", "ACC-1001", []string{"accountid", "recordid", "id", "externalid", "customerid", "companyid", "organizationid"}},
		{"name", "Name", "Company name", "Acme Corp", []string{"name", "accountname", "company", "companyname", "organization", "organisation", "organizationname", "customer", "customername"}},
		{"industry", "Industry", "", "Manufacturing", []string{"industry", "sector", "vertical"}},
		{"country", "Country", "", "Norway", []string{"country", "countryregion", "billingcountry", "countryname"}},
		{"region", "Region", "", "EMEA", []string{"region", "billingregion"}},
		{"state", "State", "State, province or county", "Oslo", []string{"state", "stateprovince", "province", "billingstate", "billingstateprovince", "county"}},
		{"postal_code", "Postal code", "", "0150", []string{"postalcode", "zip", "zipcode", "postcode", "billingzippostalcode", "billingpostalcode"}},
		{"employees", "Employees", "", "250", []string{"employees", "numberofemployees", "employeecount", "headcount"}},
		{"annual_revenue", "Annual revenue", "In the workspace currency", "12000000", []string{"annualrevenue", "revenue"}},
		{"potential", "Potential", "Possible yearly sales, in the workspace currency", "150000", []string{"potential", "accountpotential"}},
		{"segment", "Segment", "", "Enterprise", []string{"segment", "customersegment", "tier"}},
		{"territory", "Territory", "Territory name; set here, it is locked against rules", "", []string{"territory", "territoryname"}},
	},
	"people": {
		{"name", "Name", "Full name", "Ada Lovelace", []string{"name", "fullname", "person", "employee", "username"}},
		{"email", "Email", "Unique; rows with the same email update the same person", "ada@example.com", []string{"email", "emailaddress", "mail", "workemail"}},
		{"role", "Role", "Sales director, Sales manager, Account executive, SDR or Sales ops", "Account executive", []string{"role", "jobtitle", "title", "position"}},
		{"manager", "Manager", "Manager's email or name", "grace@example.com", []string{"manager", "manageremail", "managername", "reportsto"}},
		{"team", "Team", "Team name; a new name creates the team", "Oslo", []string{"team", "teamname", "office", "group"}},
		{"hire_date", "Hire date", "", "2024-03-01", []string{"hiredate", "startdate", "hired", "joined"}},
		{"end_date", "End date", "Empty while still employed", "", []string{"enddate", "leavedate", "left", "terminationdate"}},
	},
	"quotas": {
		{"person", "Person", "Email or name", "ada@example.com", []string{"person", "email", "name", "owner", "seller", "salesrep"}},
		{"period", "Period", "Month (2026-07); a quarter (2026-Q3) or year (2026) is spread over its months by the seasonality (even by default)", "2026-07", []string{"period", "month", "quarter", "year"}},
		{"amount", "Amount", "Quota in the workspace currency", "50000", []string{"amount", "quota", "target", "value"}},
	},
}

// ImportFields lists the canonical fields of kind (nil for an unknown kind).
func ImportFields(kind string) []ImportField { return importFields[kind] }

// NormHeader normalises a header for matching: lower case, letters and
// digits only ("Probability (%)" → "probability").
func NormHeader(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Presets are the header sets recognised, with the headers that identify
// each (normalised).
var presetSignatures = []struct {
	name string
	kind string
	any  []string
}{
	{"salesforce", "deals", []string{"opportunityname", "opportunityowner", "opportunityid", "forecastcategory"}},
	{"hubspot", "deals", []string{"dealstage", "pipeline", "associatedcompany", "associatedcompanyprimary"}},
	{"zoho", "deals", []string{"closingdate", "reasonforloss"}},
	{"pipedrive", "deals", nil}, // "Deal - Title": object prefixes, see splitObject
	{"salesops", "", nil},       // our own canonical keys or export titles
}

// Presets names the presets --preset accepts.
var Presets = []string{"salesforce", "hubspot", "pipedrive", "zoho", "salesops"}

// pipedriveObjects are the object prefixes of Pipedrive's "Deal - Title"
// headers in the interface languages Salesops speaks.
var pipedriveObjects = map[string]string{
	"deal": "deal", "affare": "deal", "trattativa": "deal", "affaire": "deal", "offre": "deal", "avtale": "deal",
	"organization": "org", "organisation": "org", "organizzazione": "org", "organisasjon": "org",
	"person": "person", "persona": "person", "personne": "person",
	"product": "product", "prodotto": "product", "produit": "product", "produkt": "product",
}

// splitObject splits a Pipedrive header "Deal - Title" into its object and field.
func splitObject(h string) (obj, field string) {
	i := strings.Index(h, " - ")
	if i <= 0 {
		return "", h
	}
	if o, ok := pipedriveObjects[NormHeader(h[:i])]; ok {
		return o, strings.TrimSpace(h[i+3:])
	}
	return "", h
}

// DetectPreset names the preset whose headers these are ("" when none).
func DetectPreset(kind string, header []string) string {
	norm := map[string]bool{}
	objects := 0
	for _, h := range header {
		if o, _ := splitObject(h); o != "" {
			objects++
		}
		norm[NormHeader(h)] = true
	}
	if kind == "deals" && objects >= 2 {
		return "pipedrive"
	}
	for _, p := range presetSignatures {
		if p.kind != "" && p.kind != kind {
			continue
		}
		for _, h := range p.any {
			if norm[h] {
				return p.name
			}
		}
	}
	if kind == "deals" && norm["recordid"] && norm["dealname"] {
		return "hubspot"
	}
	canon := 0
	for _, f := range importFields[kind] {
		for _, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), f.Key) || strings.EqualFold(strings.TrimSpace(h), f.Title) {
				canon++
				break
			}
		}
	}
	if canon >= 2 {
		return "salesops"
	}
	return ""
}

// ignoredHeaders are columns CRMs export that Salesops derives or does not keep.
var ignoredHeaders = map[string]bool{"expectedrevenue": true, "expectedrevenuecurrency": true}

// columnMap is which columns feed which field: for each field, the columns
// in priority order (the first non-empty value wins).
type columnMap struct {
	header   []string
	fields   map[string][]int
	byColumn []string // field of each column, "" = unmapped
	unmapped []string
}

// ParseMapping reads --map "Header=field,Other header=field" for kind. A
// field left empty ("Header=") ignores the column.
func ParseMapping(kind, s string) (map[string]string, error) {
	out := map[string]string{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for _, part := range strings.Split(s, ",") {
		h, f, ok := strings.Cut(part, "=")
		h, f = strings.TrimSpace(h), strings.ToLower(strings.TrimSpace(f))
		if !ok || h == "" {
			return nil, domain.Errorf(domain.EINVALID, "--map %q: write Header=field, separated by commas", part)
		}
		if f != "" && fieldIndex(kind, f) < 0 {
			return nil, domain.Errorf(domain.EINVALID, "--map %q: %s is not a field of %s (use %s)", part, f, kind, fieldKeys(kind))
		}
		out[h] = f
	}
	return out, nil
}

func fieldIndex(kind, key string) int {
	for i, f := range importFields[kind] {
		if f.Key == key {
			return i
		}
	}
	return -1
}

func fieldKeys(kind string) string {
	var ks []string
	for _, f := range importFields[kind] {
		ks = append(ks, f.Key)
	}
	return strings.Join(ks, ", ")
}

// mapColumns decides which column feeds which field: the user's mapping
// first (by header, case- and space-insensitively), then canonical keys and
// titles, then the CRM spellings. With only, the user's mapping is all
// there is: other columns are ignored (a forced preset).
func mapColumns(kind string, header []string, user map[string]string, only bool) (*columnMap, error) {
	fields := importFields[kind]
	cm := &columnMap{header: header, fields: map[string][]int{}, byColumn: make([]string, len(header))}
	type cand struct{ col, rank int }
	cands := map[string][]cand{}
	userNorm := map[string]string{}
	for h, f := range user {
		userNorm[NormHeader(h)] = f
	}
	used := map[string]bool{}
	for c, h := range header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		n := NormHeader(h)
		if f, ok := userNorm[n]; ok {
			used[n] = true
			if f != "" {
				cands[f] = append(cands[f], cand{c, -1})
				cm.byColumn[c] = f
			}
			continue
		}
		if only {
			continue
		}
		obj, fieldPart := splitObject(h)
		fn := NormHeader(fieldPart)
		if obj == "org" && kind == "deals" {
			if fn == "name" {
				cands["account"] = append(cands["account"], cand{c, 0})
				cm.byColumn[c] = "account"
			}
			continue
		}
		if obj == "person" || obj == "product" && fn != "name" {
			continue
		}
		if obj == "product" {
			fn = "product"
		}
		if ignoredHeaders[fn] {
			continue
		}
		best, rank := "", 1<<30
		for _, f := range fields {
			if strings.EqualFold(strings.TrimSpace(h), f.Key) || strings.EqualFold(strings.TrimSpace(h), f.Title) {
				best, rank = f.Key, 0
				break
			}
			for i, a := range f.aliases {
				if a == fn && i+1 < rank {
					best, rank = f.Key, i+1
				}
			}
		}
		if best != "" {
			cands[best] = append(cands[best], cand{c, rank})
			cm.byColumn[c] = best
		}
	}
	for h := range userNorm {
		if !used[h] {
			return nil, domain.Errorf(domain.EINVALID, "--map names a column %q that the file does not have (its columns: %s)", h, strings.Join(nonEmpty(header), ", "))
		}
	}
	for f, cs := range cands {
		sort.SliceStable(cs, func(i, j int) bool { return cs[i].rank < cs[j].rank })
		for _, c := range cs {
			cm.fields[f] = append(cm.fields[f], c.col)
		}
	}
	for c, h := range header {
		if cm.byColumn[c] == "" && strings.TrimSpace(h) != "" {
			cm.unmapped = append(cm.unmapped, h)
		}
	}
	return cm, nil
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}

// Mapping returns header → field for the columns in use.
func (cm *columnMap) Mapping() map[string]string {
	out := map[string]string{}
	for c, f := range cm.byColumn {
		if f != "" {
			out[cm.header[c]] = f
		}
	}
	return out
}

// has reports whether a column feeds field f.
func (cm *columnMap) has(f string) bool { return len(cm.fields[f]) > 0 }

// get returns the value of field f in row and the header of the column it
// came from: the first non-empty of the field's columns.
func (cm *columnMap) get(row []string, f string) (string, string) {
	cols := cm.fields[f]
	for _, c := range cols {
		if c < len(row) && row[c] != "" {
			return row[c], cm.header[c]
		}
	}
	if len(cols) > 0 {
		return "", cm.header[cols[0]]
	}
	return "", ""
}

func (cm *columnMap) require(kind string, any ...string) error {
	for _, f := range any {
		if cm.has(f) {
			return nil
		}
	}
	var titles []string
	for _, f := range any {
		titles = append(titles, fmt.Sprintf("%s (%s)", importFields[kind][fieldIndex(kind, f)].Title, f))
	}
	return domain.Errorf(domain.EINVALID, "No column for %s: map one with --map \"Header=%s\" (the file's columns: %s)",
		strings.Join(titles, " or "), any[0], strings.Join(nonEmpty(cm.header), ", "))
}
