package components

import (
	"regexp"
	"strings"

	"github.com/private-fargate/private-fargate/internal/awsregion"
	"github.com/private-fargate/private-fargate/internal/imagesource"
)

// ecsTasksPrincipal is the service principal that assumes both task roles.
const ecsTasksPrincipal = "ecs-tasks.amazonaws.com"

// ecsExecActions are what the SSM agent inside a task needs for ECS Exec; AWS documents them on Resource "*"
// because the channels do not exist before the session does.
var ecsExecActions = []string{
	"ssmmessages:CreateControlChannel",
	"ssmmessages:CreateDataChannel",
	"ssmmessages:OpenControlChannel",
	"ssmmessages:OpenDataChannel",
}

// ecrPullActions read image manifests and layers from a repository.
var ecrPullActions = []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}

// ecsTasksAssumeRolePolicy lets ECS tasks of this account and region, and nothing else, assume a role. The
// conditions keep another account's ECS from using the role (the confused deputy): "Task IAM role" in the Amazon ECS
// Developer Guide (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html) gives this
// aws:SourceArn / aws:SourceAccount trust policy.
func ecsTasksAssumeRolePolicy(region, accountId string) policyDocument {
	return policyDocument{
		Version: iamPolicyVersion,
		Statement: []policyStatement{{
			Effect:    "Allow",
			Principal: map[string]any{"Service": ecsTasksPrincipal},
			Action:    []string{"sts:AssumeRole"},
			Condition: sourceAccountCondition(accountId,
				"arn:"+awsregion.Partition(region)+":ecs:"+region+":"+accountId+":*"),
		}},
	}
}

// sourceAccountCondition admits a service principal only on behalf of accountId and, when sourceArn is set, of the
// resources it matches.
func sourceAccountCondition(accountId, sourceArn string) map[string]any {
	condition := map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": accountId}}
	if sourceArn != "" {
		condition["ArnLike"] = map[string]any{"aws:SourceArn": sourceArn}
	}
	return condition
}

// imageRepositoryArns are the ECR repositories of the service's private ECR images, sorted and unique: exactly what
// the execution role may pull from. Images from other registries need no grant (and images that do not parse were
// refused by validation).
func imageRepositoryArns(svc TaskConfig) []string {
	var repos []string
	for _, ctr := range svc.Containers {
		if src, err := imagesource.Parse(ctr.Image); err == nil && src.RepositoryArn() != "" {
			repos = append(repos, src.RepositoryArn())
		}
	}
	return uniqueSorted(repos)
}

// executionRolePolicy is the execution role's whole policy: pull from the repositories of the service's ECR images
// and nothing else, write to the service's log group and read exactly the secrets the containers reference.
func executionRolePolicy(svc TaskConfig, logGroupArn string) policyDocument {
	var statements []policyStatement
	if repos := imageRepositoryArns(svc); len(repos) > 0 {
		statements = append(statements,
			// GetAuthorizationToken is account-wide: it supports no resource-level permissions.
			policyStatement{Sid: "EcrAuthorization", Effect: "Allow", Action: []string{"ecr:GetAuthorizationToken"}, Resource: []string{"*"}},
			policyStatement{Sid: "EcrPull", Effect: "Allow", Action: ecrPullActions, Resource: repos},
		)
	}
	statements = append(statements, policyStatement{
		Sid:      "WriteLogs",
		Effect:   "Allow",
		Action:   []string{"logs:CreateLogStream", "logs:PutLogEvents"},
		Resource: []string{logGroupArn, logGroupArn + ":*"},
	})
	secrets, parameters := referencedSecrets(svc)
	if len(secrets) > 0 {
		statements = append(statements, policyStatement{
			Sid: "ReadSecrets", Effect: "Allow", Action: []string{"secretsmanager:GetSecretValue"}, Resource: secrets,
		})
	}
	if len(parameters) > 0 {
		statements = append(statements, policyStatement{
			Sid: "ReadParameters", Effect: "Allow", Action: []string{"ssm:GetParameters"}, Resource: parameters,
		})
	}
	if keys := uniqueSorted(svc.SecretsKmsKeyArns); len(keys) > 0 && len(secrets)+len(parameters) > 0 {
		statements = append(statements, policyStatement{
			Sid: "DecryptSecrets", Effect: "Allow", Action: []string{"kms:Decrypt"}, Resource: keys,
		})
	}
	return policyDocument{Version: iamPolicyVersion, Statement: statements}
}

// taskRolePolicy is the task role's inline policy: the configured statements plus the ECS Exec channel actions.
// ok is false when there is nothing to grant.
func taskRolePolicy(svc TaskConfig, ecsExec bool) (doc policyDocument, ok bool) {
	var statements []policyStatement
	for _, s := range svc.TaskRole.Statements {
		statements = append(statements, policyStatement{Effect: s.Effect, Action: s.Actions, Resource: s.Resources})
	}
	if ecsExec {
		statements = append(statements, policyStatement{Sid: "EcsExec", Effect: "Allow", Action: ecsExecActions, Resource: []string{"*"}})
	}
	return policyDocument{Version: iamPolicyVersion, Statement: statements}, len(statements) > 0
}

// secretsManagerSuffix is the six random characters Secrets Manager appends to a secret's name in its ARN.
var secretsManagerSuffix = regexp.MustCompile(`-[A-Za-z0-9]{6}$`)

// referencedSecrets returns the IAM resources of every secret the containers reference, sorted and unique:
// Secrets Manager secret ARNs (without a JSON key, stage or version suffix) and SSM parameter ARNs.
func referencedSecrets(svc TaskConfig) (secrets, parameters []string) {
	for _, ctr := range svc.Containers {
		for _, ref := range ctr.Secrets {
			switch secretKind(ref) {
			case "secretsmanager":
				secrets = append(secrets, secretResourceArn(ref))
			case "ssm":
				parameters = append(parameters, ref)
			}
		}
	}
	return uniqueSorted(secrets), uniqueSorted(parameters)
}

// secretArnPattern and parameterArnPattern are the references a container secret may use.
var (
	secretArnPattern    = regexp.MustCompile(`^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+(:[^:]*:[^:]*:[^:]*)?$`)
	parameterArnPattern = regexp.MustCompile(`^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter/[A-Za-z0-9/_.-]+$`)
)

// secretKind is "secretsmanager" or "ssm" for a valid valueFrom reference, "" otherwise.
func secretKind(ref string) string {
	switch {
	case secretArnPattern.MatchString(ref):
		return "secretsmanager"
	case parameterArnPattern.MatchString(ref):
		return "ssm"
	}
	return ""
}

// secretResourceArn strips the ":json-key:version-stage:version-id" suffix ECS allows after a secret's ARN. A partial
// ARN (name without its random suffix) gets "-??????", which matches exactly that suffix and no other secret.
func secretResourceArn(ref string) string {
	parts := strings.SplitN(ref, ":", 8)
	if len(parts) < 7 {
		return ref
	}
	arn := strings.Join(parts[:7], ":")
	if !secretsManagerSuffix.MatchString(parts[6]) {
		arn += "-??????"
	}
	return arn
}
