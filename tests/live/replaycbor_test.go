package live

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/aws/smithy-go/encoding/cbor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// epochSecondsKey spells a CBOR epoch timestamp, tag 1 (RFC 8949 §3.4.2; Smithy RPC v2 CBOR sends timestamps so),
// in the JSON the CBOR responses are recorded as: {"epoch-seconds": 1796000000}. JSON has no tags.
const epochSecondsKey = "epoch-seconds"

// cborFromJSON encodes a recorded JSON document as the CBOR a Smithy RPC v2 service sends: objects as maps, arrays
// as lists, integral numbers as integers and others as doubles (the SDK reads either into a double member),
// {"epoch-seconds": n} as tag 1. An empty document is an empty body.
func cborFromJSON(document []byte) ([]byte, error) {
	if len(bytes.TrimSpace(document)) == 0 {
		return nil, nil
	}
	decoder := json.NewDecoder(bytes.NewReader(document))
	decoder.UseNumber()
	var value any
	if err := decoder.Decode(&value); err != nil {
		return nil, fmt.Errorf("recorded CBOR response as JSON: %w", err)
	}
	encoded, err := cborValue(value)
	if err != nil {
		return nil, err
	}
	return cbor.Encode(encoded), nil
}

func cborValue(value any) (cbor.Value, error) {
	switch value := value.(type) {
	case nil:
		return &cbor.Nil{}, nil
	case bool:
		return cbor.Bool(value), nil
	case string:
		return cbor.String(value), nil
	case json.Number:
		if integer, err := value.Int64(); err == nil {
			if integer < 0 {
				return cbor.NegInt(uint64(-integer)), nil // smithy-go's NegInt(100) is -100: the encoder applies the -1 bias
			}
			return cbor.Uint(uint64(integer)), nil
		}
		float, err := value.Float64()
		return cbor.Float64(float), err
	case []any:
		list := make(cbor.List, len(value))
		for i, item := range value {
			var err error
			if list[i], err = cborValue(item); err != nil {
				return nil, err
			}
		}
		return list, nil
	case map[string]any:
		if seconds, ok := value[epochSecondsKey]; ok && len(value) == 1 {
			inner, err := cborValue(seconds)
			return &cbor.Tag{ID: 1, Value: inner}, err
		}
		out := make(cbor.Map, len(value))
		for key, item := range value {
			var err error
			if out[key], err = cborValue(item); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("no CBOR for %T", value)
}

// jsonFromCBOR decodes a CBOR request body into JSON, so the tests assert on what the client sent as on a JSON
// protocol's body. An empty body (an operation without input) is "".
func jsonFromCBOR(body []byte) (string, error) {
	if len(body) == 0 {
		return "", nil
	}
	value, err := cbor.Decode(body)
	if err != nil {
		return "", err
	}
	plain, err := plainValue(value)
	if err != nil {
		return "", err
	}
	out, err := json.Marshal(plain)
	return string(out), err
}

func plainValue(value cbor.Value) (any, error) {
	switch value := value.(type) {
	case cbor.Uint:
		return uint64(value), nil
	case cbor.NegInt:
		if value == 0 || value > math.MaxInt64 {
			return nil, errors.New("negative integer beyond int64")
		}
		return -int64(value), nil // the decoder already applied the -1 bias (smithy-go encoding/cbor NegInt)
	case cbor.String:
		return string(value), nil
	case cbor.Slice:
		return []byte(value), nil
	case cbor.Bool:
		return bool(value), nil
	case *cbor.Nil, *cbor.Undefined:
		return nil, nil
	case cbor.Float32:
		return float64(value), nil
	case cbor.Float64:
		return float64(value), nil
	case cbor.List:
		out := make([]any, len(value))
		for i, item := range value {
			var err error
			if out[i], err = plainValue(item); err != nil {
				return nil, err
			}
		}
		return out, nil
	case cbor.Map:
		out := make(map[string]any, len(value))
		for key, item := range value {
			var err error
			if out[key], err = plainValue(item); err != nil {
				return nil, err
			}
		}
		return out, nil
	case *cbor.Tag:
		if value.ID != 1 {
			return nil, fmt.Errorf("CBOR tag %d in a request", value.ID)
		}
		seconds, err := plainValue(value.Value)
		return map[string]any{epochSecondsKey: seconds}, err
	}
	return nil, fmt.Errorf("no JSON for CBOR %T", value)
}

// TestCBORFromJSON pins the encoding against RFC 8949 Appendix A's examples (1.5 in its 8-byte form: the encoder
// writes no half-precision floats), so the recorded CloudWatch responses reach the SDK as a service's bytes.
func TestCBORFromJSON(t *testing.T) {
	tests := map[string]string{
		`0`:                             "00",
		`23`:                            "17",
		`100`:                           "1864",
		`-1`:                            "20",
		`-100`:                          "3863",
		`1.5`:                           "fb3ff8000000000000",
		`true`:                          "f5",
		`null`:                          "f6",
		`"a"`:                           "6161",
		`[1, [2, 3]]`:                   "8201820203",
		`{"a": 1}`:                      "a1616101",
		`{"epoch-seconds": 1363896240}`: "c11a514b67b0",
	}
	for document, want := range tests {
		got, err := cborFromJSON([]byte(document))
		require.NoError(t, err, document)
		assert.Equal(t, want, fmt.Sprintf("%x", got), document)
		back, err := jsonFromCBOR(got)
		require.NoError(t, err, document)
		assert.JSONEq(t, document, back, "round trip")
	}
	empty, err := cborFromJSON([]byte("\n"))
	require.NoError(t, err)
	assert.Empty(t, empty)
}
