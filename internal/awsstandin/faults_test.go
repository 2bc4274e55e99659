package awsstandin

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

func TestParseFaults(t *testing.T) {
	tests := []struct {
		name    string
		spec    string
		want    []Fault
		wantErr []string
	}{
		{name: "unset is no fault", spec: ""},
		{name: "one fault, nth defaults to 1", spec: "op=create,target=aws:ecs/service:Service,code=ThrottlingException",
			want: []Fault{{Op: "create", Target: "aws:ecs/service:Service", Nth: 1, Code: "ThrottlingException"}}},
		{name: "two faults with nth and hang", spec: "op=delete,target=urn:pulumi:dev::p::aws:iam/role:Role::r,nth=2,code=X; op=read,target=t,code=Y,hang=2s",
			want: []Fault{{Op: "delete", Target: "urn:pulumi:dev::p::aws:iam/role:Role::r", Nth: 2, Code: "X"},
				{Op: "read", Target: "t", Nth: 1, Code: "Y", Hang: 2 * time.Second}}},
		{name: "every problem at once", spec: "op=launch,target=t,code=X;op=create,nth=0,code=X,colour=red",
			wantErr: []string{`op "launch"`, "nth 0", `unknown key "colour"`, "op, target and code are required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseFaults(tt.spec)
			if len(tt.wantErr) > 0 {
				require.Error(t, err)
				for _, want := range tt.wantErr {
					assert.Contains(t, err.Error(), want)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			again, err := ParseFaults(FormatFaults(got...))
			require.NoError(t, err)
			assert.Equal(t, tt.want, again, "FormatFaults round-trips")
		})
	}
}

// TestFaultFailsTheNthMatchingCallAndChangesNothing: the second create of the type fails with the SDK's wording
// after its retries; the failed call leaves nothing live and nothing in the journal; previews are never failed.
func TestFaultFailsTheNthMatchingCallAndChangesNothing(t *testing.T) {
	typ := tokens.Type(awstypes.CloudwatchLogGroup)
	var journal bytes.Buffer
	p := New(&journal)
	p.InjectFaults([]Fault{{Op: "create", Target: string(typ), Nth: 2, Code: "ThrottlingException"},
		{Op: "create", Target: string(urnOf(awstypes.IamRole, "capacity")), Nth: 1, Code: "ServiceQuotaExceededException"}})

	_, err := p.Create(context.Background(), plugin.CreateRequest{URN: urnOf(typ, "preview"), Type: typ,
		Properties: props(map[string]any{"name": "p"}), Preview: true})
	require.NoError(t, err, "a preview calls no AWS API")
	_, err = create(t, p, typ, "first", map[string]any{"name": "a"})
	require.NoError(t, err)
	_, err = create(t, p, typ, "second", map[string]any{"name": "b"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "creating LogGroup (second): operation error cloudwatch: CreateLogGroup, exceeded maximum number of attempts, 25,")
	assert.Contains(t, err.Error(), "api error ThrottlingException")
	_, err = create(t, p, typ, "third", map[string]any{"name": "b"})
	assert.NoError(t, err, "only the nth call fails, and the failed one left its name free")

	_, err = create(t, p, awstypes.IamRole, "capacity", map[string]any{"name": "r", "assumeRolePolicy": "{}"})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "exceeded maximum number of attempts", "a code the SDK does not retry fails at once")
	assert.Contains(t, err.Error(), "api error ServiceQuotaExceededException")

	live := LiveResources(journalOf(t, journal.Bytes()))
	require.Len(t, live, 2)
	assert.Equal(t, string(urnOf(typ, "first")), live[0].URN)
	assert.Equal(t, string(urnOf(typ, "third")), live[1].URN)
}
