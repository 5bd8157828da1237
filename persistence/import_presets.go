package persistence

import (
	"sort"
	"strings"

	"salesops/domain"
)

// presetColumns are the columns of each CRM's deals export (PRODUCT.md
// §6.1) and the field each feeds, by normalised header. A forced preset
// (--preset) maps exactly these and ignores the file's other columns; "" is
// a column the preset knows and ignores (Expected Revenue is derived).
// Pipedrive's keys are "object:field", its headers being "Deal - Title" in
// the user's interface language (the English words here; detection knows
// the others).
var presetColumns = map[string]map[string]string{
	"salesforce": {
		"opportunityid": "deal_id", "opportunityname": "name", "accountname": "account", "amount": "amount",
		"amountcurrency": "currency", "opportunitycurrency": "currency", "closedate": "close_date", "stage": "stage",
		"probability": "probability", "forecastcategory": "forecast_category", "opportunityowner": "owner",
		"createddate": "created", "expectedrevenue": "", "expectedrevenuecurrency": "", "lossreason": "lost_reason",
		"productname": "product",
	},
	"hubspot": {
		"recordid": "deal_id", "dealname": "name", "dealstage": "stage", "closedate": "close_date", "dealowner": "owner",
		"amount": "amount", "currency": "currency", "pipeline": "", "createdate": "created", "associatedcompany": "account",
		"associatedcompanyprimary": "account", "closedlostreason": "lost_reason", "dealprobability": "probability",
		"forecastcategory": "forecast_category",
	},
	"pipedrive": {
		"deal:id": "deal_id", "deal:title": "name", "deal:owner": "owner", "deal:stage": "stage", "deal:value": "amount",
		"deal:currency": "currency", "deal:expectedclosedate": "close_date", "deal:status": "status",
		"deal:dealcreated": "created", "deal:lostreason": "lost_reason", "deal:probability": "probability",
		"org:name": "account", "product:name": "product",
	},
	"zoho": {
		"recordid": "deal_id", "dealowner": "owner", "dealname": "name", "accountname": "account", "stage": "stage",
		"closingdate": "close_date", "amount": "amount", "probability": "probability", "expectedrevenue": "",
		"currency": "currency", "createdtime": "created", "reasonforloss": "lost_reason",
	},
}

// PresetNames lists the presets for a message: "salesforce, hubspot, …".
func PresetNames() string { return strings.Join(Presets, ", ") }

// CheckPreset says whether preset names a preset for kind.
func CheckPreset(kind, preset string) error {
	preset = strings.ToLower(preset)
	known := false
	for _, p := range Presets {
		known = known || p == preset
	}
	if !known {
		return domain.Errorf(domain.EINVALID, "%q is not a preset: use %s", preset, PresetNames())
	}
	if presetColumns[preset] != nil && kind != "deals" {
		return domain.Errorf(domain.EINVALID, "the %s preset reads deals, not %s: use --preset salesops or no preset", preset, kind)
	}
	return nil
}

// presetMapping is the mapping a forced preset gives the file's header:
// header → field for every column the preset knows. The salesops preset
// knows our canonical keys and export titles.
func presetMapping(kind, preset string, header []string) (map[string]string, error) {
	if err := CheckPreset(kind, preset); err != nil {
		return nil, err
	}
	preset = strings.ToLower(preset)
	cols := presetColumns[preset]
	out := map[string]string{}
	mapped := 0
	for _, h := range header {
		if strings.TrimSpace(h) == "" {
			continue
		}
		key := NormHeader(h)
		if preset == "pipedrive" {
			obj, field := splitObject(h)
			if obj == "" {
				continue
			}
			key = obj + ":" + NormHeader(field)
		}
		if cols == nil {
			for _, f := range importFields[kind] {
				if strings.EqualFold(strings.TrimSpace(h), f.Key) || strings.EqualFold(strings.TrimSpace(h), f.Title) {
					out[h] = f.Key
					mapped++
				}
			}
			continue
		}
		if f, ok := cols[key]; ok {
			out[h] = f
			if f != "" {
				mapped++
			}
		}
	}
	if mapped == 0 {
		var want []string
		if cols == nil {
			for _, f := range importFields[kind] {
				want = append(want, f.Title)
			}
		} else {
			for k := range cols {
				want = append(want, k)
			}
			sort.Strings(want)
		}
		return nil, domain.Errorf(domain.EINVALID, "none of the file's columns (%s) is a column of the %s preset (%s): choose another preset or map the columns with --map",
			strings.Join(nonEmpty(header), ", "), preset, strings.Join(want, ", "))
	}
	return out, nil
}
