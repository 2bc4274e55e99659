package live

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecr"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
)

// Docker image manifest v2 schema 2 media types (distribution/distribution docs/spec/manifest-v2-2.md), which ECR
// and Fargate accept.
const (
	manifestMediaType = "application/vnd.docker.distribution.manifest.v2+json"
	configMediaType   = "application/vnd.docker.container.image.v1+json"
	layerMediaType    = "application/vnd.docker.image.rootfs.diff.tar.gzip"
)

// AppPath is where the image keeps the liveapp binary; it is the image's entrypoint.
const AppPath = "/liveapp"

// Image is a one-layer linux/amd64 image holding one static binary as its entrypoint, built without Docker.
type Image struct {
	Config, Layer, Manifest []byte
	// ConfigDigest, LayerDigest and Digest (of the manifest) are "sha256:<hex>"; Digest is what ECS reports as a
	// running container's imageDigest.
	ConfigDigest, LayerDigest, Digest string
}

func digestOf(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// BuildImage packs binary at AppPath into an image whose entrypoint is AppPath and whose command is cmd. The same
// binary always gives the same digests: timestamps are fixed.
func BuildImage(binary []byte, cmd []string) (Image, error) {
	epoch := time.Unix(0, 0).UTC()
	var tarball bytes.Buffer
	tw := tar.NewWriter(&tarball)
	if err := tw.WriteHeader(&tar.Header{Name: AppPath[1:], Mode: 0o755, Size: int64(len(binary)), ModTime: epoch,
		Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return Image{}, err
	}
	if _, err := tw.Write(binary); err != nil {
		return Image{}, err
	}
	if err := tw.Close(); err != nil {
		return Image{}, err
	}
	var layer bytes.Buffer
	zw := gzip.NewWriter(&layer)
	if _, err := zw.Write(tarball.Bytes()); err != nil {
		return Image{}, err
	}
	if err := zw.Close(); err != nil {
		return Image{}, err
	}

	// Image config (moby/moby image/spec/v1.2.md): rootfs.diff_ids are digests of the uncompressed layers.
	config, err := json.Marshal(map[string]any{
		"architecture": "amd64",
		"os":           "linux",
		"created":      epoch.Format(time.RFC3339),
		"config":       map[string]any{"Entrypoint": []string{AppPath}, "Cmd": cmd},
		"rootfs":       map[string]any{"type": "layers", "diff_ids": []string{digestOf(tarball.Bytes())}},
	})
	if err != nil {
		return Image{}, err
	}
	image := Image{Config: config, Layer: layer.Bytes(), ConfigDigest: digestOf(config), LayerDigest: digestOf(layer.Bytes())}
	image.Manifest, err = json.Marshal(map[string]any{
		"schemaVersion": 2,
		"mediaType":     manifestMediaType,
		"config":        map[string]any{"mediaType": configMediaType, "size": len(config), "digest": image.ConfigDigest},
		"layers":        []any{map[string]any{"mediaType": layerMediaType, "size": layer.Len(), "digest": image.LayerDigest}},
	})
	if err != nil {
		return Image{}, err
	}
	image.Digest = digestOf(image.Manifest)
	return image, nil
}

// ImagePushAPI is the part of the ECR client PushImage calls: ECR's own layer upload API, so no Docker daemon or
// registry login is needed.
type ImagePushAPI interface {
	InitiateLayerUpload(ctx context.Context, in *ecr.InitiateLayerUploadInput, optFns ...func(*ecr.Options)) (*ecr.InitiateLayerUploadOutput, error)
	UploadLayerPart(ctx context.Context, in *ecr.UploadLayerPartInput, optFns ...func(*ecr.Options)) (*ecr.UploadLayerPartOutput, error)
	CompleteLayerUpload(ctx context.Context, in *ecr.CompleteLayerUploadInput, optFns ...func(*ecr.Options)) (*ecr.CompleteLayerUploadOutput, error)
	PutImage(ctx context.Context, in *ecr.PutImageInput, optFns ...func(*ecr.Options)) (*ecr.PutImageOutput, error)
}

// uploadPartBytes is the size of each uploaded part. ECR: "the minimum part size is 5 MiB, except for the last
// part" (ECR API reference, UploadLayerPart); 10 MiB parts keep the call count low.
const uploadPartBytes = 10 << 20

// PushImage uploads the config and the layer as blobs, then puts the manifest under tag, and fails unless ECR
// computed the same manifest digest as BuildImage.
func PushImage(ctx context.Context, api ImagePushAPI, repository, tag string, image Image) error {
	for _, blob := range []struct {
		name, digest string
		data         []byte
	}{{"config", image.ConfigDigest, image.Config}, {"layer", image.LayerDigest, image.Layer}} {
		if err := uploadBlob(ctx, api, repository, blob.digest, blob.data); err != nil {
			return fmt.Errorf("push %s of %s: %w", blob.name, repository, err)
		}
	}
	out, err := api.PutImage(ctx, &ecr.PutImageInput{RepositoryName: aws.String(repository), ImageTag: aws.String(tag),
		ImageManifest: aws.String(string(image.Manifest)), ImageManifestMediaType: aws.String(manifestMediaType)})
	if err != nil {
		return fmt.Errorf("put image %s:%s: %w", repository, tag, err)
	}
	if out.Image == nil || out.Image.ImageId == nil {
		return fmt.Errorf("put image %s:%s: ECR returned no image id", repository, tag)
	}
	if got := aws.ToString(out.Image.ImageId.ImageDigest); got != image.Digest {
		return fmt.Errorf("put image %s:%s: ECR computed digest %s, the manifest's is %s", repository, tag, got, image.Digest)
	}
	return nil
}

func uploadBlob(ctx context.Context, api ImagePushAPI, repository, digest string, data []byte) error {
	if len(data) == 0 {
		return errors.New("empty blob")
	}
	upload, err := api.InitiateLayerUpload(ctx, &ecr.InitiateLayerUploadInput{RepositoryName: aws.String(repository)})
	if err != nil {
		return err
	}
	for first := 0; first < len(data); first += uploadPartBytes {
		last := min(first+uploadPartBytes, len(data)) - 1
		if _, err := api.UploadLayerPart(ctx, &ecr.UploadLayerPartInput{RepositoryName: aws.String(repository),
			UploadId: upload.UploadId, PartFirstByte: aws.Int64(int64(first)), PartLastByte: aws.Int64(int64(last)),
			LayerPartBlob: data[first : last+1]}); err != nil {
			return err
		}
	}
	done, err := api.CompleteLayerUpload(ctx, &ecr.CompleteLayerUploadInput{RepositoryName: aws.String(repository),
		UploadId: upload.UploadId, LayerDigests: []string{digest}})
	var exists *ecrtypes.LayerAlreadyExistsException
	if errors.As(err, &exists) {
		return nil
	}
	if err != nil {
		return err
	}
	if got := aws.ToString(done.LayerDigest); got != digest {
		return fmt.Errorf("ECR computed digest %s, want %s", got, digest)
	}
	return nil
}
