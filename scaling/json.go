package scaling

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
)

// num is a float64 that encodes NaN and ±Inf as JSON null, which
// encoding/json would otherwise refuse.
type num float64

func (v num) MarshalJSON() ([]byte, error) {
	f := float64(v)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// MarshalJSON encodes non-finite values as null.
func (s Summary) MarshalJSON() ([]byte, error) { return finiteJSON(s) }

// MarshalJSON encodes non-finite values as null.
func (p PointResult) MarshalJSON() ([]byte, error) { return finiteJSON(p) }

// MarshalJSON encodes the fit as {"f","f_lo","f_hi","t1","r2","s_max","n"};
// s_max is null when F is 0.
func (a AmdahlFit) MarshalJSON() ([]byte, error) { return finiteJSON(a) }

// MarshalJSON encodes the fit as {"alpha","alpha_lo","alpha_hi","r2","n"}.
func (g GustafsonFit) MarshalJSON() ([]byte, error) { return finiteJSON(g) }

// MarshalJSON encodes the fit with snake_case names; standard errors that
// could not be computed are null.
func (u USLFit) MarshalJSON() ([]byte, error) { return finiteJSON(u) }

// MarshalJSON encodes a non-finite slope as null.
func (k KarpFlattSummary) MarshalJSON() ([]byte, error) { return finiteJSON(k) }

var (
	float64Type    = reflect.TypeFor[float64]()
	float64PtrType = reflect.TypeFor[*float64]()
	numType        = reflect.TypeFor[num]()
	numPtrType     = reflect.TypeFor[*num]()
)

// finiteJSON encodes the struct v as encoding/json would, with its
// float64 fields as num and its *float64 fields as *num, so that a
// non-finite value is null. The names, tags and order of the fields are
// v's own: a field added to v is encoded without being listed again.
func finiteJSON(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	t := rv.Type()
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		f := t.Field(i)
		switch f.Type {
		case float64Type:
			f.Type = numType
		case float64PtrType:
			f.Type = numPtrType
		}
		fields[i] = f
	}
	out := reflect.New(reflect.StructOf(fields)).Elem()
	for i := range fields {
		out.Field(i).Set(rv.Field(i).Convert(fields[i].Type))
	}
	return json.Marshal(out.Interface())
}

// MarshalJSON encodes missing warnings as [] rather than null.
func (a Analysis) MarshalJSON() ([]byte, error) {
	type plain Analysis // drops the method, avoiding recursion
	p := plain(a)
	if p.Warnings == nil {
		p.Warnings = []string{}
	}
	if p.Points == nil {
		p.Points = []PointResult{}
	}
	return json.Marshal(p)
}
