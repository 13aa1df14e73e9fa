"""The JSON value encoding shared with the TypeScript side (test/interop/harness.ts; README.md documents it).

Per Paimon type (a value of any type may be null -> JSON null):
  BOOLEAN                      true / false
  TINYINT, SMALLINT, INT       JSON number
  BIGINT                       decimal string ("-9223372036854775808"), exact beyond 2^53
  FLOAT, DOUBLE                JSON number (finite values only)
  CHAR, VARCHAR, STRING        JSON string
  BINARY, VARBINARY, BYTES     lowercase hex string ("00ff")
  DECIMAL(p, s)                string with exactly s fraction digits ("12.30", "-0.01", "7" when s = 0)
  DATE                         "YYYY-MM-DD"
  TIMESTAMP(p), TIMESTAMP_LTZ  "YYYY-MM-DDTHH:MM:SS" plus "." and exactly p fraction digits when p > 0
                               (UTC wall-clock time for TIMESTAMP_LTZ; no zone suffix)
Other types (TIME, ARRAY, MAP, ROW, ...) are not covered and raise.
"""
import datetime
import decimal
import json
import re

import pyarrow as pa
from pypaimon import Schema
from pypaimon.schema.data_types import DataField, DataTypeParser, PyarrowFieldParser

_TS = re.compile(r'^TIMESTAMP(?:_LTZ)?(?:\((\d)\))?( WITH LOCAL TIME ZONE)?$')
_DEC = re.compile(r'^DECIMAL(?:\((\d+)(?:, ?(\d+))?\))?$')
_ISO_TS = re.compile(r'^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?$')
_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_DATE = datetime.date(1970, 1, 1)
_NANOS_PER_UNIT = {'s': 1_000_000_000, 'ms': 1_000_000, 'us': 1_000, 'ns': 1}


def base_type(type_string):
    return type_string[:-len(' NOT NULL')] if type_string.endswith(' NOT NULL') else type_string


def timestamp_precision(type_string):
    m = _TS.match(base_type(type_string))
    return None if m is None else int(m.group(1) if m.group(1) is not None else 6)


def decimal_scale(type_string):
    m = _DEC.match(base_type(type_string))
    return None if m is None else int(m.group(2) or 0)


def kind(type_string):
    t = base_type(type_string)
    if t == 'BIGINT':
        return 'bigint'
    if t in ('BOOLEAN', 'TINYINT', 'SMALLINT', 'INT', 'INTEGER', 'FLOAT', 'DOUBLE') or t == 'STRING' \
            or t.startswith('CHAR') or t.startswith('VARCHAR'):
        return 'plain'
    if t == 'BYTES' or t.startswith('BINARY') or t.startswith('VARBINARY'):
        return 'binary'
    if _DEC.match(t):
        return 'decimal'
    if t == 'DATE':
        return 'date'
    if _TS.match(t):
        return 'timestamp'
    raise ValueError('type not covered by the interop JSON encoding: ' + type_string)


# ---- Paimon schema / Arrow data from a case ------------------------------------------------------------------

def paimon_fields(fields):
    """DataFields with ids 0..n-1 from [{"name", "type"}] where type is a Paimon type string."""
    for f in fields:
        kind(f['type'])  # reject what the encoding does not cover before pypaimon sees it
    return [DataField(i, f['name'], DataTypeParser.parse_data_type(f['type'])) for i, f in enumerate(fields)]


def paimon_schema(case):
    return Schema(fields=paimon_fields(case['fields']), partition_keys=list(case.get('partitionKeys') or []),
                  primary_keys=list(case.get('primaryKeys') or []), options=dict(case.get('options') or {}))


def arrow_schema(fields):
    return PyarrowFieldParser.from_paimon_schema(paimon_fields(fields))


def iso_to_epoch_nanos(text):
    m = _ISO_TS.match(text)
    if not m:
        raise ValueError('not a YYYY-MM-DDTHH:MM:SS[.f] timestamp: ' + text)
    y, mo, d, h, mi, s = (int(g) for g in m.groups()[:6])
    seconds = (datetime.datetime(y, mo, d, h, mi, s) - _EPOCH) // datetime.timedelta(seconds=1)
    return seconds * 1_000_000_000 + int((m.group(7) or '').ljust(9, '0'))


def epoch_nanos_to_iso(nanos, precision):
    seconds, fraction = divmod(nanos, 1_000_000_000)
    dt = _EPOCH + datetime.timedelta(seconds=seconds)
    text = '%04d-%02d-%02dT%02d:%02d:%02d' % (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second)
    digits = '%09d' % fraction
    if digits[precision:].strip('0'):
        raise ValueError('timestamp %d has more precision than %d digits' % (nanos, precision))
    return text + ('.' + digits[:precision] if precision > 0 else '')


def to_arrow_column(type_string, values, arrow_type):
    k = kind(type_string)
    if k == 'bigint':
        return pa.array([None if v is None else int(v) for v in values], arrow_type)
    if k == 'decimal':
        return pa.array([None if v is None else decimal.Decimal(v) for v in values], arrow_type)
    if k == 'timestamp':
        per_unit = _NANOS_PER_UNIT[arrow_type.unit]
        ints = []
        for v in values:
            if v is None:
                ints.append(None)
                continue
            nanos = iso_to_epoch_nanos(v)
            if nanos % per_unit:
                raise ValueError('%s is finer than the column unit %s' % (v, arrow_type.unit))
            ints.append(nanos // per_unit)
        return pa.array(ints, pa.int64()).cast(arrow_type)
    if k == 'date':
        return pa.array([None if v is None else (datetime.date.fromisoformat(v) - _EPOCH_DATE).days
                         for v in values], pa.int32()).cast(arrow_type)
    if k == 'binary':
        return pa.array([None if v is None else bytes.fromhex(v) for v in values], arrow_type)
    return pa.array(values, arrow_type)


def to_arrow_table(fields, rows):
    schema = arrow_schema(fields)
    columns = [to_arrow_column(f['type'], [row[f['name']] for row in rows], schema.field(f['name']).type)
               for f in fields]
    return pa.Table.from_arrays(columns, schema=schema)


# ---- Arrow data read by pypaimon -> JSON ---------------------------------------------------------------------

def column_to_json(type_string, column):
    k = kind(type_string)
    if k == 'timestamp':
        precision = timestamp_precision(type_string)
        nanos = column.cast(pa.timestamp('ns', tz=column.type.tz)).cast(pa.int64())
        return [None if v is None else epoch_nanos_to_iso(v, precision) for v in nanos.to_pylist()]
    if k == 'date':
        return [None if v is None else v.isoformat() for v in column.to_pylist()]
    if k == 'bigint':
        return [None if v is None else str(v) for v in column.to_pylist()]
    if k == 'decimal':
        q = decimal.Decimal(1).scaleb(-decimal_scale(type_string))
        return [None if v is None else format(v.quantize(q), 'f') for v in column.to_pylist()]
    if k == 'binary':
        return [None if v is None else v.hex() for v in column.to_pylist()]
    return column.to_pylist()


def sort_rows(rows):
    """Deterministic order shared with harness.ts: by the rows' JSON text with sorted keys."""
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))


def arrow_to_rows(fields, data):
    """fields: [{"name", "type"}] with Paimon type strings; data: a pyarrow Table with those columns."""
    columns = {f['name']: column_to_json(f['type'], data.column(f['name'])) for f in fields}
    return sort_rows([{name: columns[name][i] for name in columns} for i in range(data.num_rows)])


def read_rows(table):
    """All rows of a pypaimon table (honours scan.snapshot-id / scan.tag-name set via table.copy)."""
    read_builder = table.new_read_builder()
    data = read_builder.new_read().to_arrow(read_builder.new_scan().plan().splits())
    fields = [{'name': f.name, 'type': str(f.type)} for f in table.table_schema.fields]
    if data is None:
        return []
    return arrow_to_rows(fields, data)
