package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const twoRounds = `goos: linux
BenchmarkClients/FormanceReadClient/mem/formance-sdk-go-2   100  40000 ns/op  15000 B/op  250 allocs/op
BenchmarkClients/FormanceReadClient/mem/raw-2               100  10000 ns/op   3800 B/op   57 allocs/op
BenchmarkClients/FormanceReadClient/mem/facade-2            100  11000 ns/op   4000 B/op   70 allocs/op
BenchmarkClients/FormanceReadClient/mem/formance-sdk-go-2   100  44000 ns/op  15000 B/op  250 allocs/op
BenchmarkClients/FormanceReadClient/mem/raw-2               100  12000 ns/op   3800 B/op   57 allocs/op
BenchmarkClients/FormanceReadClient/mem/facade-2            100  13000 ns/op   4000 B/op   70 allocs/op
BenchmarkClients/FormanceReadClient/mem/facade-2            100  15000 ns/op   4000 B/op   70 allocs/op
PASS
`

func TestParseGroupsAndMedians(t *testing.T) {
	res, err := parse(strings.NewReader(twoRounds))
	require.NoError(t, err)
	gs := groups(res)
	require.Len(t, gs, 1)
	g := gs[0]
	assert.Equal(t, "Clients/FormanceReadClient/mem", g.name)
	assert.Equal(t, []string{"raw", "facade", "formance-sdk-go"}, g.contenders)
	assert.Equal(t, summary{rounds: 3, ns: 13000, bytes: 4000, allocs: 70, perRound: []float64{11000, 13000, 15000}}, g.stats["facade"])
	assert.Equal(t, 11000.0, g.stats["raw"].ns)
}

func TestParseRejectsGarbledResult(t *testing.T) {
	_, err := parse(strings.NewReader("BenchmarkX-2  100  fast ns/op\n"))
	require.ErrorContains(t, err, `value "fast" of ns/op`)
}

func TestTargets(t *testing.T) {
	res, err := parse(strings.NewReader(twoRounds))
	require.NoError(t, err)
	var out bytes.Buffer
	allMet := printTargets(&out, groups(res))
	assert.False(t, allMet, "the Mollie and createClient targets have no figures")
	assert.Regexp(t, `facade CPU ≤ 1.10× raw\s+Clients/FormanceReadClient/mem\s+1.09×\s+met`, out.String())
	assert.Regexp(t, `facade allocs ≤ raw's\s+\S+\s+\+13\s+MISSED`, out.String())
	assert.Regexp(t, `formance-sdk-go\s+Clients/FormanceReadClient/mem\s+3.51×\s+met`, out.String())
	assert.Regexp(t, `mollie-api-go\s+Clients/MollieCreateClientLink/mem\s+n/a\s+NOT MEASURED`, out.String())
}

func TestTargetMissed(t *testing.T) {
	slow := strings.ReplaceAll(twoRounds, "facade-2            100  1", "facade-2            100  2")
	res, err := parse(strings.NewReader(slow))
	require.NoError(t, err)
	var out bytes.Buffer
	printTargets(&out, groups(res))
	assert.Regexp(t, `facade CPU ≤ 1.10× raw\s+\S+\s+2.01×\s+MISSED`, out.String())
}

func TestRatiosLine(t *testing.T) {
	res, err := parse(strings.NewReader(twoRounds))
	require.NoError(t, err)
	var out bytes.Buffer
	printRatios(&out, groups(res))
	assert.Regexp(t, `Clients/FormanceReadClient/mem\s+13000\s+70\s+raw 1.09× \(57\)  formance-sdk-go 0.29× \(250\)`, out.String())
}
