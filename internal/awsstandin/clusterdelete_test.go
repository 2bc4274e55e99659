package awsstandin

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/private-fargate/private-fargate/internal/awstypes"
)

// TestDeleteRefusesAClusterWithServices: ECS refuses DeleteCluster while a service runs in the cluster, however the
// service names it (ARN or name), and accepts it once the service is deleted.
func TestDeleteRefusesAClusterWithServices(t *testing.T) {
	for _, tc := range []struct {
		name    string
		cluster func(arn string) string
	}{
		{"service naming the cluster by ARN", func(arn string) string { return arn }},
		{"service naming the cluster by name", func(string) string { return "main" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStack(t)
			clusterID, clusterOut := s.create(awstypes.EcsCluster, "main", map[string]any{"name": "main"})
			arn := clusterID
			if v, ok := clusterOut["arn"]; ok && v.IsString() {
				arn = v.StringValue()
			}
			serviceID, serviceOut := s.create(awstypes.EcsService, "web",
				with(fargateService, "cluster", tc.cluster(arn)))

			err := s.delete(awstypes.EcsCluster, "main", clusterID, clusterOut)
			require.Error(t, err, "refused like AWS")
			assert.Contains(t, err.Error(), "ClusterContainsServicesException")
			assert.Contains(t, err.Error(), "service web")
			assert.Contains(t, err.Error(), srcClusterContainsServices)

			require.NoError(t, s.delete(awstypes.EcsService, "web", serviceID, serviceOut))
			assert.NoError(t, s.delete(awstypes.EcsCluster, "main", clusterID, clusterOut), "accepted once the service is gone")
		})
	}
}

func TestDeleteIgnoresServicesOfAnotherCluster(t *testing.T) {
	s := newStack(t)
	clusterID, clusterOut := s.create(awstypes.EcsCluster, "main", map[string]any{"name": "main"})
	s.create(awstypes.EcsService, "web", with(fargateService, "cluster", "arn:aws:ecs:eu-west-1:123456789012:cluster/other"))
	assert.NoError(t, s.delete(awstypes.EcsCluster, "main", clusterID, clusterOut))
}

// TestDeleteRefusesAClusterWithAnotherStacksService: an app stack's service in the platform's cluster, which the
// platform stack's stand-in knows only from the account's journal, blocks the platform's cluster delete as AWS does;
// once the app stack deleted it, the delete is accepted.
func TestDeleteRefusesAClusterWithAnotherStacksService(t *testing.T) {
	appService := JournalEntry{Op: "create", Type: string(awstypes.EcsService),
		URN: "urn:pulumi:dev-payments::private-fargate::aws:ecs/service:Service::dev-payments-billing",
		ID:  "arn:aws:ecs:eu-west-1:123456789012:service/main/dev-payments-billing-1234567",
		Key: string(awstypes.EcsService) + "|main|dev-payments-billing-1234567"}
	s := newStack(t)
	s.p.Restore([]JournalEntry{appService})
	clusterID, clusterOut := s.create(awstypes.EcsCluster, "main", map[string]any{"name": "main"})

	err := s.delete(awstypes.EcsCluster, "main", clusterID, clusterOut)
	require.Error(t, err, "refused like AWS")
	assert.Contains(t, err.Error(), "ClusterContainsServicesException")
	assert.Contains(t, err.Error(), "service dev-payments-billing of dev-payments")

	deleted := appService
	deleted.Op = "delete"
	s.p.Restore([]JournalEntry{deleted})
	assert.NoError(t, s.delete(awstypes.EcsCluster, "main", clusterID, clusterOut), "accepted once the app's service is gone")
}
