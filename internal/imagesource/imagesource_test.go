package imagesource

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseClassifiesRegistries(t *testing.T) {
	cases := []struct {
		image      string
		kind       Kind
		repository string
		arn        string
		pullable   bool // from eu-west-1 without internet
	}{
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.0.0", PrivateECR, "web",
			"arn:aws:ecr:eu-west-1:123456789012:repository/web", true},
		{"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api@sha256:" + sha, PrivateECR, "team/api",
			"arn:aws:ecr:eu-west-1:123456789012:repository/team/api", true},
		{"210987654321.dkr.ecr.eu-west-1.amazonaws.com/shared/base:2", PrivateECR, "shared/base",
			"arn:aws:ecr:eu-west-1:210987654321:repository/shared/base", true},
		{"123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1", PrivateECR, "web",
			"arn:aws:ecr:us-east-1:123456789012:repository/web", false},
		{"123456789012.dkr.ecr-fips.eu-west-1.amazonaws.com/web:1", PrivateECR, "web",
			"arn:aws:ecr:eu-west-1:123456789012:repository/web", false},
		{"123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/web:1", PrivateECR, "web",
			"arn:aws-cn:ecr:cn-north-1:123456789012:repository/web", false},
		{"public.ecr.aws/nginx/nginx:1.27", PublicECR, "nginx/nginx", "", false},
		{"nginx:1.27", DockerHub, "library/nginx", "", false},
		{"docker.io/library/nginx", DockerHub, "library/nginx", "", false},
		{"ghcr.io/acme/app:1", OtherRegistry, "acme/app", "", false},
		{"registry.example.com:5000/app", OtherRegistry, "app", "", false},
	}
	for _, c := range cases {
		t.Run(c.image, func(t *testing.T) {
			src, err := Parse(c.image)
			require.NoError(t, err)
			assert.Equal(t, c.kind, src.Kind)
			assert.Equal(t, c.repository, src.Repository)
			assert.Equal(t, c.arn, src.RepositoryArn())
			assert.Equal(t, c.pullable, src.PullableWithoutInternet("eu-west-1"))
			if c.pullable {
				assert.Empty(t, src.WhyInternet("eu-west-1"))
			} else {
				assert.NotEmpty(t, src.WhyInternet("eu-west-1"))
			}
		})
	}
}

const sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func TestParseRefusesWhatARuntimeRefuses(t *testing.T) {
	for _, image := range []string{
		"",
		"Web:1",          // repository names are lower case
		"web:1 0",        // whitespace
		"web@sha256:123", // a digest is 64 hex characters
		"web:tag!",       // "!" is not a tag character
		"123456789012.dkr.ecr.cn-north-1.amazonaws.com/web:1", // China's registry is under amazonaws.com.cn
	} {
		t.Run(image, func(t *testing.T) {
			_, err := Parse(image)
			assert.Error(t, err)
		})
	}
}
