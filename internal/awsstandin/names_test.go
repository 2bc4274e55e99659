package awsstandin

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// create runs a real (not preview) Create.
func create(t *testing.T, p *Provider, typ tokens.Type, name string, inputs map[string]any) (resource.ID, error) {
	t.Helper()
	resp, err := p.Create(context.Background(), plugin.CreateRequest{URN: urnOf(typ, name), Type: typ, Properties: props(inputs)})
	return resp.ID, err
}

func TestCreateRefusesAnIdentityALiveResourceHolds(t *testing.T) {
	logGroup := map[string]any{"name": "/ecs/app/dev/web", "retentionInDays": 30}
	tests := []struct {
		name      string
		typ       tokens.Type
		first     map[string]any
		second    map[string]any
		wantError string // "" when the second create succeeds
		wantSame  bool   // the second create ends with the first one's id
	}{
		{name: "log group of the same name", typ: awstypes.CloudwatchLogGroup, first: logGroup,
			second: map[string]any{"name": "/ecs/app/dev/web", "retentionInDays": 90}, wantError: "ResourceAlreadyExistsException"},
		{name: "log group of another name", typ: awstypes.CloudwatchLogGroup, first: logGroup,
			second: map[string]any{"name": "/ecs/app/dev/api", "retentionInDays": 30}},
		{name: "IAM role names differ only in case", typ: awstypes.IamRole,
			first: map[string]any{"name": "Web-Task", "assumeRolePolicy": "{}"}, second: map[string]any{"name": "web-task", "assumeRolePolicy": "{}"},
			wantError: "EntityAlreadyExists"},
		{name: "security group name in the same VPC", typ: awstypes.Ec2SecurityGroup,
			first:     map[string]any{"name": "web", "vpcId": "vpc-1", "description": "a"},
			second:    map[string]any{"name": "web", "vpcId": "vpc-1", "description": "b"},
			wantError: "InvalidGroup.Duplicate"},
		{name: "security group name in another VPC", typ: awstypes.Ec2SecurityGroup,
			first:  map[string]any{"name": "web", "vpcId": "vpc-1", "description": "a"},
			second: map[string]any{"name": "web", "vpcId": "vpc-2", "description": "a"}},
		{name: "ECS service name in the same cluster, by ARN and by name", typ: awstypes.EcsService,
			first:     map[string]any{"name": "web", "cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/main"},
			second:    map[string]any{"name": "web", "cluster": "main", "desiredCount": 2},
			wantError: "Creation of service was not idempotent"},
		{name: "ECS service name in another cluster", typ: awstypes.EcsService,
			first:  map[string]any{"name": "web", "cluster": "main"},
			second: map[string]any{"name": "web", "cluster": "other"}},
		{name: "target group of the same name and other settings", typ: awstypes.LbTargetGroup,
			first:     map[string]any{"name": "web", "port": 8080, "protocol": "HTTP"},
			second:    map[string]any{"name": "web", "port": 8081, "protocol": "HTTP"},
			wantError: "DuplicateTargetGroupName"},
		{name: "target group of the same name and settings is the same group", typ: awstypes.LbTargetGroup,
			first:    map[string]any{"name": "web", "port": 8080, "protocol": "HTTP", "tags": map[string]any{"a": "1"}},
			second:   map[string]any{"name": "web", "port": 8080, "protocol": "HTTP", "tags": map[string]any{"a": "2"}},
			wantSame: true},
		{name: "listener on a port the load balancer listens on", typ: awstypes.LbListener,
			first:     map[string]any{"loadBalancerArn": "arn:lb", "port": 80, "protocol": "HTTP"},
			second:    map[string]any{"loadBalancerArn": "arn:lb", "port": 80, "protocol": "HTTP", "tags": map[string]any{}},
			wantError: "DuplicateListener"},
		{name: "listener rules without a priority never collide", typ: awstypes.LbListenerRule,
			first:  map[string]any{"listenerArn": "arn:l", "actions": []any{}},
			second: map[string]any{"listenerArn": "arn:l", "actions": []any{}, "tags": map[string]any{}}},
		{name: "an inline role policy of the same name is overwritten", typ: awstypes.IamRolePolicy,
			first:    map[string]any{"role": "r", "name": "p", "policy": "{}"},
			second:   map[string]any{"role": "r", "name": "p", "policy": `{"Version":"2012-10-17"}`},
			wantSame: true},
		{name: "schedule name in the default group, named or not", typ: tokSchedule,
			first:     map[string]any{"name": "nightly"},
			second:    map[string]any{"name": "nightly", "groupName": "default", "description": "x"},
			wantError: "ConflictException"},
		{name: "queue of the same name and attributes is the same queue", typ: tokSQSQueue,
			first: map[string]any{"name": "jobs", "visibilityTimeoutSeconds": 30}, second: map[string]any{"name": "jobs", "visibilityTimeoutSeconds": 30},
			wantSame: true},
		{name: "queue of the same name and other attributes", typ: tokSQSQueue,
			first: map[string]any{"name": "jobs", "visibilityTimeoutSeconds": 30}, second: map[string]any{"name": "jobs", "visibilityTimeoutSeconds": 60},
			wantError: "QueueNameExists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var journal bytes.Buffer
			p := New(&journal)
			firstID, err := create(t, p, tt.typ, "first", tt.first)
			require.NoError(t, err)
			secondID, err := create(t, p, tt.typ, "second", tt.second)
			if tt.wantError != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantError)
				assert.Contains(t, err.Error(), string(urnOf(tt.typ, "first")), "the error names the holder")
				assert.Equal(t, 1, strings.Count(journal.String(), "\n"), "a refused create changes nothing")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantSame, firstID == secondID, "first %s, second %s", firstID, secondID)
		})
	}
}

// TestReplacementCollidesOnlyWhileTheOldIsLive drives the engine's create-before-delete replacement of a named log
// group: the new one meets the old one live; deleted first, the name is free. Without a journal the old one is
// known from the Diff the engine sends.
func TestReplacementCollidesOnlyWhileTheOldIsLive(t *testing.T) {
	typ := tokens.Type(awstypes.CloudwatchLogGroup)
	urn := urnOf(typ, "logs")
	old := props(map[string]any{"name": "/ecs/app", "retentionInDays": 30})
	for _, deleteFirst := range []bool{false, true} {
		p := New(nil)
		_, err := p.Diff(context.Background(), plugin.DiffRequest{URN: urn, Type: typ, ID: "/ecs/app",
			OldInputs: old, OldOutputs: old, NewInputs: old})
		require.NoError(t, err)
		if deleteFirst {
			_, err := p.Delete(context.Background(), plugin.DeleteRequest{URN: urn, Type: typ, ID: "/ecs/app",
				Inputs: old, Outputs: old})
			require.NoError(t, err)
		}
		_, err = p.Create(context.Background(), plugin.CreateRequest{URN: urn, Type: typ,
			Properties: props(map[string]any{"name": "/ecs/app", "retentionInDays": 30, "logGroupClass": "INFREQUENT_ACCESS"})})
		if deleteFirst {
			assert.NoError(t, err, "delete-before-replace frees the name")
		} else {
			assert.ErrorContains(t, err, "ResourceAlreadyExistsException", "create-before-delete meets the old one")
		}
	}
}

// TestLiveStateSurvivesProcesses restores a second provider from the first one's journal: the name is still taken,
// and once deleted the journal folds to nothing live.
func TestLiveStateSurvivesProcesses(t *testing.T) {
	typ := tokens.Type(awstypes.IamRole)
	var journal bytes.Buffer
	first := New(&journal)
	id, err := create(t, first, typ, "role", map[string]any{"name": "task", "assumeRolePolicy": "{}"})
	require.NoError(t, err)
	entries := journalOf(t, journal.Bytes())
	require.Len(t, LiveResources(entries), 1)

	second := New(&journal)
	second.Restore(entries)
	_, err = create(t, second, typ, "other", map[string]any{"name": "TASK", "assumeRolePolicy": "{}"})
	assert.ErrorContains(t, err, "EntityAlreadyExists", "the name stays taken in the next process")

	_, err = second.Delete(context.Background(), plugin.DeleteRequest{URN: urnOf(typ, "role"), Type: typ, ID: id})
	require.NoError(t, err)
	assert.Empty(t, LiveResources(journalOf(t, journal.Bytes())), "deleted, nothing is live")
}

func journalOf(t *testing.T, raw []byte) []JournalEntry {
	t.Helper()
	var entries []JournalEntry
	for _, line := range bytes.Split(bytes.TrimSpace(raw), []byte("\n")) {
		var entry JournalEntry
		require.NoError(t, json.Unmarshal(line, &entry))
		entries = append(entries, entry)
	}
	return entries
}

func TestUpdateRefusesAnIdentityAnotherResourceHolds(t *testing.T) {
	typ := tokens.Type(awstypes.LbListenerRule)
	p := New(nil)
	_, err := create(t, p, typ, "a", map[string]any{"listenerArn": "arn:l", "priority": 10})
	require.NoError(t, err)
	id, err := create(t, p, typ, "b", map[string]any{"listenerArn": "arn:l", "priority": 11})
	require.NoError(t, err)
	_, err = p.Update(context.Background(), plugin.UpdateRequest{URN: urnOf(typ, "b"), Type: typ, ID: id,
		OldInputs: props(map[string]any{"listenerArn": "arn:l", "priority": 11}),
		NewInputs: props(map[string]any{"listenerArn": "arn:l", "priority": 10})})
	assert.ErrorContains(t, err, "PriorityInUse")
	_, err = p.Update(context.Background(), plugin.UpdateRequest{URN: urnOf(typ, "b"), Type: typ, ID: id,
		OldInputs: props(map[string]any{"listenerArn": "arn:l", "priority": 11}),
		NewInputs: props(map[string]any{"listenerArn": "arn:l", "priority": 12})})
	assert.NoError(t, err, "a free priority")
}

// TestEveryRegisteredNamedTypeHasAnIdentityRule: a type the program registers with a name input either has its
// uniqueness modelled or is listed, with its source, as letting names repeat.
func TestEveryRegisteredNamedTypeHasAnIdentityRule(t *testing.T) {
	s := loadSDK(t)
	for typ, where := range registeredTypes(t, s) {
		if !s.hasInput(t, typ, "name") {
			continue
		}
		_, unique := uniqueNames[typ]
		_, repeats := namesNotUnique[typ]
		assert.True(t, unique != repeats, "%s (registered at %s) must be in exactly one of uniqueNames and namesNotUnique", typ, where)
	}
	for typ, rule := range uniqueNames {
		assert.NotEmpty(t, rule.source, "%s", typ)
		assert.NotEmpty(t, rule.parts, "%s", typ)
		if rule.on != overwrites {
			assert.NotEmpty(t, rule.code, "%s names the API's error", typ)
		}
	}
}

// TestIDsAreUniquePerTypeOnly: a bucket and its policy share the bucket's name as id; deleting the policy leaves the
// bucket alive.
func TestIDsAreUniquePerTypeOnly(t *testing.T) {
	var journal bytes.Buffer
	p := New(&journal)
	bucketID, err := create(t, p, awstypes.S3BucketV2, "logs", map[string]any{"bucket": "logs-1"})
	require.NoError(t, err)
	policyID, err := create(t, p, awstypes.S3BucketPolicy, "logs", map[string]any{"bucket": "logs-1", "policy": "{}"})
	require.NoError(t, err)
	require.Equal(t, bucketID, policyID, "the policy's id is its bucket's name")
	_, err = p.Delete(context.Background(), plugin.DeleteRequest{URN: urnOf(awstypes.S3BucketPolicy, "logs"),
		Type: awstypes.S3BucketPolicy, ID: policyID, Inputs: props(map[string]any{"bucket": "logs-1"})})
	require.NoError(t, err)
	live := LiveResources(journalOf(t, journal.Bytes()))
	require.Len(t, live, 1)
	assert.Equal(t, string(urnOf(awstypes.S3BucketV2, "logs")), live[0].URN)
}

func TestReplacementsKeepingIdentity(t *testing.T) {
	tests := []struct {
		typ  string
		want []string
	}{
		{typ: awstypes.CloudwatchLogGroup, want: []string{"logGroupClass"}},
		{typ: awstypes.EcsService, want: []string{"launchType", "schedulingStrategy", "iamRole", "deploymentController", "capacityProviderStrategies"}},
		// Every input that replaces them is part of their identity.
		{typ: awstypes.Apigatewayv2Stage},
		{typ: awstypes.Ec2Route},
		{typ: awstypes.LbListener},
		// No unique identity.
		{typ: awstypes.EcsTaskDefinition},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			assert.Equal(t, tt.want, ReplacementsKeepingIdentity(tt.typ))
		})
	}
}

// TestATaskDefinitionReplacementRegistersAFreshRevision replaces a task definition create-before-delete with the same
// inputs (as `up --replace` does): the new revision's arn differs from the live one's, so deregistering the old
// revision leaves the new one alive. Every revision of a family shares the provider id (the family), so freshness
// must be judged on the arn, not the id. The revision is one of nine values derived from a seed, so a re-derived seed
// often names the live revision again: thirty families make sure some do (before the fix, make test's replacement
// engine test lost a task definition about one run in six).
func TestATaskDefinitionReplacementRegistersAFreshRevision(t *testing.T) {
	typ := tokens.Type(awstypes.EcsTaskDefinition)
	urn := urnOf(typ, "web")
	for i := range 30 {
		family := fmt.Sprintf("app-web-%d", i)
		inputs := props(map[string]any{"family": family, "containerDefinitions": "[]"})
		var journal bytes.Buffer
		p := New(&journal)
		first, err := p.Create(context.Background(), plugin.CreateRequest{URN: urn, Type: typ, Properties: inputs})
		require.NoError(t, err)
		second, err := p.Create(context.Background(), plugin.CreateRequest{URN: urn, Type: typ, Properties: inputs})
		require.NoError(t, err)
		firstArn, secondArn := first.Properties["arn"].StringValue(), second.Properties["arn"].StringValue()
		require.NotEqual(t, firstArn, secondArn, "%s: a second registration while the first is live is a new revision", family)

		_, err = p.Delete(context.Background(), plugin.DeleteRequest{URN: urn, Type: typ, ID: first.ID, Inputs: inputs,
			Outputs: first.Properties})
		require.NoError(t, err)
		live := LiveResources(journalOf(t, journal.Bytes()))
		require.Len(t, live, 1, "%s: the old revision is deregistered, the new one stays", family)
		assert.Equal(t, secondArn, live[0].Physical, family)
	}
}
