package awstypes

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEveryAutoNameCitesBothLimits: a limit without a source is a guess, and the stand-in needs pulumi-aws's.
func TestEveryAutoNameCitesBothLimits(t *testing.T) {
	for typ, rule := range AutoNames {
		assert.NotEmpty(t, rule.Property, "%s", typ)
		assert.Positive(t, rule.Generated.Max, "%s: pulumi-aws always has a maximum", typ)
		assert.True(t, strings.HasPrefix(rule.Generated.Source, "pulumi-aws "), "%s: %q", typ, rule.Generated.Source)
		assert.NotEmpty(t, rule.AWS.Source, "%s: cite AWS's limit, or say none is documented", typ)
		assert.GreaterOrEqual(t, rule.AWS.Max, 0, "%s", typ)
	}
}

// TestMaxLengthIsTheTighterLimit: the program validates against whichever of the two limits is lower and cites it.
func TestMaxLengthIsTheTighterLimit(t *testing.T) {
	tests := []struct {
		name       string
		typ        string
		wantMax    int
		wantSource []string
	}{
		{name: "AWS tighter than pulumi-aws", typ: LbLoadBalancer, wantMax: 32, wantSource: []string{"validName"}},
		{name: "pulumi-aws tighter than AWS", typ: CloudwatchLogGroup, wantMax: 255, wantSource: []string{"setAutonaming"}},
		{name: "equal limits cite both", typ: LbTargetGroup, wantMax: 32,
			wantSource: []string{`AutoName("name", 32`, "validTargetGroupName"}},
		{name: "no AWS maximum documented", typ: ApigatewayRestAPI, wantMax: 255, wantSource: []string{"setAutonaming"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := AutoNames[tt.typ]
			assert.Equal(t, tt.wantMax, rule.MaxLength())
			for _, want := range tt.wantSource {
				assert.Contains(t, rule.MaxLengthSource(), want)
			}
		})
	}
}
