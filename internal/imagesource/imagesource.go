// Package imagesource tells where a container image is pulled from, and so what network path a Fargate task needs
// to pull it. The program's config validation and the policy pack's image-pull stack rule both use it, so they
// cannot disagree about which images a VPC without internet access can run.
package imagesource

import (
	"fmt"
	"regexp"

	"github.com/distribution/reference"

	"github.com/private-fargate/private-fargate/internal/awsregion"
)

// Kind is the kind of registry an image comes from.
type Kind string

// Registry kinds.
const (
	// PrivateECR is an Amazon ECR private registry: <account>.dkr.ecr.<region>.<dns suffix>/<repository>.
	PrivateECR Kind = "private ECR"
	// PublicECR is the Amazon ECR Public gallery, public.ecr.aws.
	PublicECR Kind = "ECR Public (public.ecr.aws)"
	// DockerHub is Docker Hub: image names without a registry host, or docker.io.
	DockerHub Kind = "Docker Hub (docker.io)"
	// OtherRegistry is any other registry (ghcr.io, quay.io, a self-hosted one, …).
	OtherRegistry Kind = "another registry"
)

// privateECRHost matches a private ECR registry host. Source: "Private registry concepts" in the Amazon ECR User
// Guide (https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html): the registry URL is
// aws_account_id.dkr.ecr.region.amazonaws.com; FIPS hosts are dkr.ecr-fips, China's end in amazonaws.com.cn.
var privateECRHost = regexp.MustCompile(`^(\d{12})\.dkr\.(ecr|ecr-fips)\.([a-z0-9-]+)\.(amazonaws\.com(?:\.cn)?|c2s\.ic\.gov|sc2s\.sgov\.gov|cloud\.adc-e\.uk)$`)

// Source is where one image reference is pulled from.
type Source struct {
	// Image is the reference as configured.
	Image string
	// Kind is the registry kind.
	Kind Kind
	// Host is the registry host ("docker.io" for Docker Hub).
	Host string
	// Repository is the repository path within the registry, without tag or digest.
	Repository string
	// Account, Region and Partition describe a private ECR registry; empty for other kinds.
	Account, Region, Partition string
	// FIPS is true for a private ECR FIPS host (dkr.ecr-fips), which the ecr.dkr interface endpoint does not serve.
	FIPS bool
}

// Parse classifies an image reference. It fails on references a container runtime would refuse (Docker's reference
// grammar, github.com/distribution/reference).
func Parse(image string) (Source, error) {
	named, err := reference.ParseNormalizedNamed(image)
	if err != nil {
		return Source{}, fmt.Errorf("%q is not a container image reference: %v", image, err)
	}
	src := Source{Image: image, Host: reference.Domain(named), Repository: reference.Path(named)}
	switch {
	case src.Host == "docker.io":
		src.Kind = DockerHub
	case src.Host == "public.ecr.aws":
		src.Kind = PublicECR
	default:
		match := privateECRHost.FindStringSubmatch(src.Host)
		if match == nil {
			src.Kind = OtherRegistry
			break
		}
		src.Kind = PrivateECR
		src.Account, src.Region, src.FIPS = match[1], match[3], match[2] == "ecr-fips"
		src.Partition = awsregion.Partition(src.Region)
		if match[4] != awsregion.DNSSuffix(src.Region) {
			return Source{}, fmt.Errorf("%q names ECR region %q under %q, but that region's endpoints end in %q",
				image, src.Region, match[4], awsregion.DNSSuffix(src.Region))
		}
	}
	return src, nil
}

// RepositoryArn is the ARN of a private ECR image's repository, the resource an execution role's pull grant names.
// Source: "Amazon ECR resource types" in the Service Authorization Reference
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html):
// arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}. Empty for other kinds.
func (s Source) RepositoryArn() string {
	if s.Kind != PrivateECR {
		return ""
	}
	return fmt.Sprintf("arn:%s:ecr:%s:%s:repository/%s", s.Partition, s.Region, s.Account, s.Repository)
}

// PullableWithoutInternet reports whether a task in region can pull the image through the VPC endpoints alone
// (ecr.api and ecr.dkr interface endpoints with private DNS, and the S3 gateway endpoint for the layers). Only a
// private ECR registry of the same region on its standard host qualifies. Source: "Amazon ECR interface VPC
// endpoints (AWS PrivateLink)" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html): the
// endpoints serve the registry of their own region; every other registry is reached over the internet.
func (s Source) PullableWithoutInternet(region string) bool {
	return s.Kind == PrivateECR && !s.FIPS && s.Region == region
}

// WhyInternet says in a few words why the image needs an internet path from region, or "" when it needs none.
func (s Source) WhyInternet(region string) string {
	switch {
	case s.PullableWithoutInternet(region):
		return ""
	case s.Kind == PrivateECR && s.FIPS:
		return "it comes from the ECR FIPS host " + s.Host + ", which the ecr.dkr endpoint does not serve"
	case s.Kind == PrivateECR:
		return fmt.Sprintf("it comes from ECR in region %s, and the VPC endpoints reach only %s", s.Region, region)
	default:
		return "it comes from " + string(s.Kind) + ", which is reached over the internet"
	}
}

// The VPC endpoints a Fargate task needs to start without internet access, named by their service short names
// (com.amazonaws.<region>.<name>). Source: "Amazon ECR interface VPC endpoints (AWS PrivateLink)"
// (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html): the image manifest comes through the
// ECR API and registry endpoints, the layers from S3 through its gateway endpoint, and tasks that log with awslogs
// also need CloudWatch Logs. The program creates these and the policy pack's image-pull rule looks for them.
const (
	// ECRAPIEndpoint serves the ECR API (authorization, manifests).
	ECRAPIEndpoint = "ecr.api"
	// ECRRegistryEndpoint serves the Docker registry API of private ECR.
	ECRRegistryEndpoint = "ecr.dkr"
	// LogsEndpoint serves CloudWatch Logs, which the awslogs driver needs before a container starts.
	LogsEndpoint = "logs"
	// LayersGatewayEndpoint is the gateway endpoint that image layers come through (S3).
	LayersGatewayEndpoint = "s3"
)
