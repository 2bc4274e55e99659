package live

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBuildImageIsAValidOneLayerImage(t *testing.T) {
	binary := []byte("\x7fELF pretend static binary")
	image, err := BuildImage(binary, []string{"serve"})
	require.NoError(t, err)

	var manifest struct {
		SchemaVersion int    `json:"schemaVersion"`
		MediaType     string `json:"mediaType"`
		Config        struct {
			MediaType string `json:"mediaType"`
			Size      int    `json:"size"`
			Digest    string `json:"digest"`
		} `json:"config"`
		Layers []struct {
			MediaType string `json:"mediaType"`
			Size      int    `json:"size"`
			Digest    string `json:"digest"`
		} `json:"layers"`
	}
	require.NoError(t, json.Unmarshal(image.Manifest, &manifest))
	assert.Equal(t, 2, manifest.SchemaVersion)
	assert.Equal(t, manifestMediaType, manifest.MediaType)
	assert.Equal(t, digestOf(image.Manifest), image.Digest)
	assert.Equal(t, digestOf(image.Config), manifest.Config.Digest)
	assert.Equal(t, len(image.Config), manifest.Config.Size)
	require.Len(t, manifest.Layers, 1)
	assert.Equal(t, layerMediaType, manifest.Layers[0].MediaType)
	assert.Equal(t, digestOf(image.Layer), manifest.Layers[0].Digest)
	assert.Equal(t, len(image.Layer), manifest.Layers[0].Size)

	// The layer is a gzipped tar holding the binary, executable, at AppPath.
	gz, err := gzip.NewReader(bytes.NewReader(image.Layer))
	require.NoError(t, err)
	uncompressed, err := io.ReadAll(gz)
	require.NoError(t, err)
	entries := tar.NewReader(bytes.NewReader(uncompressed))
	header, err := entries.Next()
	require.NoError(t, err)
	assert.Equal(t, "liveapp", header.Name)
	assert.Equal(t, int64(0o755), header.Mode)
	content, err := io.ReadAll(entries)
	require.NoError(t, err)
	assert.Equal(t, binary, content)
	_, err = entries.Next()
	assert.ErrorIs(t, err, io.EOF, "one file only")

	// The config runs the binary and names the uncompressed layer's digest.
	var config struct {
		Architecture string `json:"architecture"`
		OS           string `json:"os"`
		Config       struct {
			Entrypoint []string
			Cmd        []string
		} `json:"config"`
		RootFS struct {
			Type    string   `json:"type"`
			DiffIDs []string `json:"diff_ids"`
		} `json:"rootfs"`
	}
	require.NoError(t, json.Unmarshal(image.Config, &config))
	assert.Equal(t, "amd64", config.Architecture)
	assert.Equal(t, "linux", config.OS)
	assert.Equal(t, []string{AppPath}, config.Config.Entrypoint)
	assert.Equal(t, []string{"serve"}, config.Config.Cmd)
	assert.Equal(t, "layers", config.RootFS.Type)
	assert.Equal(t, []string{digestOf(uncompressed)}, config.RootFS.DiffIDs)
}

func TestBuildImageIsReproducible(t *testing.T) {
	first, err := BuildImage([]byte("same"), []string{"serve"})
	require.NoError(t, err)
	second, err := BuildImage([]byte("same"), []string{"serve"})
	require.NoError(t, err)
	assert.Equal(t, first.Digest, second.Digest)
	other, err := BuildImage([]byte("different"), []string{"serve"})
	require.NoError(t, err)
	assert.NotEqual(t, first.Digest, other.Digest)
}

// fakeECR keeps uploads the way ECR's layer upload API does: parts by upload id, completed blobs by digest.
type fakeECR struct {
	parts    map[string][]byte
	blobs    map[string][]byte
	calls    []string
	manifest string
	digest   string // what PutImage answers; "" computes it
	existing map[string]bool
}

func newFakeECR() *fakeECR {
	return &fakeECR{parts: map[string][]byte{}, blobs: map[string][]byte{}, existing: map[string]bool{}}
}

func (f *fakeECR) InitiateLayerUpload(_ context.Context, in *ecr.InitiateLayerUploadInput, _ ...func(*ecr.Options)) (*ecr.InitiateLayerUploadOutput, error) {
	id := "upload-" + string(rune('a'+len(f.parts)))
	f.parts[id] = nil
	f.calls = append(f.calls, "InitiateLayerUpload "+aws.ToString(in.RepositoryName))
	return &ecr.InitiateLayerUploadOutput{UploadId: aws.String(id), PartSize: aws.Int64(uploadPartBytes)}, nil
}

func (f *fakeECR) UploadLayerPart(_ context.Context, in *ecr.UploadLayerPartInput, _ ...func(*ecr.Options)) (*ecr.UploadLayerPartOutput, error) {
	id := aws.ToString(in.UploadId)
	if int64(len(f.parts[id])) != aws.ToInt64(in.PartFirstByte) ||
		aws.ToInt64(in.PartLastByte)-aws.ToInt64(in.PartFirstByte)+1 != int64(len(in.LayerPartBlob)) {
		return nil, &ecrtypes.InvalidLayerPartException{Message: aws.String("part out of order")}
	}
	f.parts[id] = append(f.parts[id], in.LayerPartBlob...)
	f.calls = append(f.calls, "UploadLayerPart")
	return &ecr.UploadLayerPartOutput{UploadId: in.UploadId}, nil
}

func (f *fakeECR) CompleteLayerUpload(_ context.Context, in *ecr.CompleteLayerUploadInput, _ ...func(*ecr.Options)) (*ecr.CompleteLayerUploadOutput, error) {
	data := f.parts[aws.ToString(in.UploadId)]
	digest := digestOf(data)
	f.calls = append(f.calls, "CompleteLayerUpload")
	if f.existing[digest] {
		return nil, &ecrtypes.LayerAlreadyExistsException{Message: aws.String("exists")}
	}
	if in.LayerDigests[0] != digest {
		return nil, &ecrtypes.LayerInaccessibleException{Message: aws.String("digest mismatch")}
	}
	f.blobs[digest] = data
	return &ecr.CompleteLayerUploadOutput{LayerDigest: aws.String(digest)}, nil
}

func (f *fakeECR) PutImage(_ context.Context, in *ecr.PutImageInput, _ ...func(*ecr.Options)) (*ecr.PutImageOutput, error) {
	f.manifest = aws.ToString(in.ImageManifest)
	f.calls = append(f.calls, "PutImage "+aws.ToString(in.ImageTag)+" "+aws.ToString(in.ImageManifestMediaType))
	digest := f.digest
	if digest == "" {
		digest = digestOf([]byte(f.manifest))
	}
	return &ecr.PutImageOutput{Image: &ecrtypes.Image{ImageId: &ecrtypes.ImageIdentifier{ImageDigest: aws.String(digest)}}}, nil
}

func TestPushImageUploadsBlobsInPartsThenTheManifest(t *testing.T) {
	// A layer larger than one part: the parts must be contiguous and complete.
	binary := make([]byte, uploadPartBytes+uploadPartBytes/2)
	_, _ = rand.NewChaCha8([32]byte{1}).Read(binary) // incompressible, and the same every run
	image, err := BuildImage(binary, []string{"serve"})
	require.NoError(t, err)
	require.Greater(t, len(image.Layer), uploadPartBytes, "the test needs a layer of two parts")
	fake := newFakeECR()
	require.NoError(t, PushImage(context.Background(), fake, "live-a1b2c3", "live", image))
	assert.Equal(t, image.Config, fake.blobs[image.ConfigDigest])
	assert.Equal(t, image.Layer, fake.blobs[image.LayerDigest])
	assert.Equal(t, string(image.Manifest), fake.manifest)
	assert.Equal(t, []string{
		"InitiateLayerUpload live-a1b2c3", "UploadLayerPart", "CompleteLayerUpload",
		"InitiateLayerUpload live-a1b2c3", "UploadLayerPart", "UploadLayerPart", "CompleteLayerUpload",
		"PutImage live " + manifestMediaType,
	}, fake.calls)
}

func TestPushImageAcceptsALayerECRAlreadyHas(t *testing.T) {
	image, err := BuildImage([]byte("binary"), []string{"serve"})
	require.NoError(t, err)
	fake := newFakeECR()
	fake.existing[image.LayerDigest] = true
	require.NoError(t, PushImage(context.Background(), fake, "live-a1b2c3", "live", image))
}

func TestPushImageFailsWhenECRComputesAnotherDigest(t *testing.T) {
	image, err := BuildImage([]byte("binary"), []string{"serve"})
	require.NoError(t, err)
	fake := newFakeECR()
	fake.digest = "sha256:d9298a10d1b0735837dc4bd85dac641b0f3cef27a47e5d53a54f2f3f5b2fcffa"
	err = PushImage(context.Background(), fake, "live-a1b2c3", "live", image)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "ECR computed digest sha256:d9298a10")
}

func TestPushImageFailsOnAnUploadError(t *testing.T) {
	image, err := BuildImage([]byte("binary"), []string{"serve"})
	require.NoError(t, err)
	image.ConfigDigest = digestOf([]byte("not the config")) // ECR refuses a digest that does not match the bytes
	err = PushImage(context.Background(), newFakeECR(), "live-a1b2c3", "live", image)
	var inaccessible *ecrtypes.LayerInaccessibleException
	require.True(t, errors.As(err, &inaccessible), "got %v", err)
	assert.Contains(t, err.Error(), "push config of live-a1b2c3")
}
