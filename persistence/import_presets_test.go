package persistence

import (
	"context"
	"slices"
	"strings"
	"testing"
)

func TestImportForcedPreset(t *testing.T) {
	// Salesforce columns plus two that detection alone would take: "Owner"
	// (an owner alias) and "Title" (a name alias).
	const sf = "Opportunity ID,Opportunity Name,Title,Owner,Stage,Amount,Close Date,Expected Revenue\n" +
		"006A1,Acme renewal,Mr,Grace Hopper,Negotiation,100,2026-05-01,50\n"
	const hubspot = "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Pipeline\n" +
		"1,Acme renewal,Negotiation,2026-05-01,Ada,100,Sales\n"
	cases := []struct {
		name, file, preset, kind string
		user                     map[string]string
		mapping                  map[string]string // header → field used
		unmapped                 []string
		err                      string
	}{
		{name: "detected", file: sf, preset: "",
			mapping:  map[string]string{"Opportunity ID": "deal_id", "Opportunity Name": "name", "Title": "name", "Owner": "owner", "Stage": "stage", "Amount": "amount", "Close Date": "close_date"},
			unmapped: []string{"Expected Revenue"}},
		{name: "forced salesforce maps its own columns only", file: sf, preset: "Salesforce",
			mapping:  map[string]string{"Opportunity ID": "deal_id", "Opportunity Name": "name", "Stage": "stage", "Amount": "amount", "Close Date": "close_date"},
			unmapped: []string{"Title", "Owner", "Expected Revenue"}},
		{name: "--map goes over the preset", file: sf, preset: "salesforce", user: map[string]string{"Owner": "owner", "Amount": ""},
			mapping:  map[string]string{"Opportunity ID": "deal_id", "Opportunity Name": "name", "Stage": "stage", "Owner": "owner", "Close Date": "close_date"},
			unmapped: []string{"Title", "Amount", "Expected Revenue"}},
		{name: "the wrong preset finds no name", file: hubspot, preset: "salesforce",
			err: "No column for Name (name) or Deal ID (deal_id)"},
		{name: "a preset that knows none of the columns", file: "Foo,Bar\n1,2\n", preset: "zoho",
			err: "none of the file's columns (Foo, Bar) is a column of the zoho preset"},
		{name: "unknown preset", file: sf, preset: "sugarcrm",
			err: `"sugarcrm" is not a preset: use salesforce, hubspot, pipedrive, zoho, salesops`},
		{name: "a CRM preset for people", file: "Name,Email\nAda,ada@example.com\n", preset: "hubspot", kind: "people",
			err: "the hubspot preset reads deals, not people"},
		{name: "our own preset for people", file: "Name,E-mail address,Team\nAda,ada@example.com,Oslo\n", preset: "salesops", kind: "people",
			mapping: map[string]string{"Name": "name", "Team": "team"}, unmapped: []string{"E-mail address"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			db := MustOpenDB(t)
			kind := c.kind
			if kind == "" {
				kind = "deals"
			}
			path := writeFile(t, "file.csv", []byte(c.file))
			res, err := db.Import(context.Background(), path, ImportOptions{Kind: kind, Preset: c.preset, Map: c.user, DryRun: true})
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Mapping) != len(c.mapping) {
				t.Errorf("mapping = %v, want %v", res.Mapping, c.mapping)
			}
			for h, f := range c.mapping {
				if res.Mapping[h] != f {
					t.Errorf("mapping[%s] = %q, want %q", h, res.Mapping[h], f)
				}
			}
			if !slices.Equal(res.Unmapped, c.unmapped) {
				t.Errorf("unmapped = %v, want %v", res.Unmapped, c.unmapped)
			}
			if res.Errors != 0 || res.Inserted != 1 {
				t.Errorf("%s %v", res.Summary(), res.Problems)
			}
		})
	}
}
