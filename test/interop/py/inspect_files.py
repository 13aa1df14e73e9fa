"""Dumps Paimon metadata/data files for humans: python inspect_files.py <file>...

Avro (manifest, manifest-list, Avro data files): codec, writer schema (verbatim header JSON) and records, with
bytes as hex. Parquet: pyarrow's Parquet schema (physical/logical types, field ids), per-column compression,
key-value metadata and the rows. Anything else: printed as text.
"""
import json
import sys

import fastavro
import pyarrow.parquet as pq


def _plain(v):
    if isinstance(v, bytes):
        return v.hex()
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, (int, float, str, bool)) or v is None:
        return v
    return repr(v)


def dump_avro(path):
    with open(path, 'rb') as f:
        reader = fastavro.reader(f)
        meta = reader.metadata
        records = list(reader)
    print('codec:', meta.get('avro.codec'))
    print('other header keys:', sorted(k for k in meta if k not in ('avro.codec', 'avro.schema')))
    print('schema:', meta['avro.schema'])
    for r in records:
        print('record:', json.dumps(_plain(r)))


def dump_parquet(path):
    f = pq.ParquetFile(path)
    md = f.metadata
    print('created_by:', md.created_by, 'format_version:', md.format_version, 'rows:', md.num_rows,
          'row_groups:', md.num_row_groups)
    print('key_value_metadata:', {k.decode(): v.decode()[:200] for k, v in (md.metadata or {}).items()})
    print(f.schema)
    print('arrow schema:', f.schema_arrow)
    for i in range(md.num_columns):
        c = md.row_group(0).column(i)
        print('column', c.path_in_schema, 'physical', c.physical_type, 'compression', c.compression,
              'encodings', c.encodings, 'statistics', None if c.statistics is None else
              (c.statistics.has_min_max and (c.statistics.min, c.statistics.max), c.statistics.null_count))
    print('rows:', f.read().to_pylist())


for p in sys.argv[1:]:
    print('=====', p)
    with open(p, 'rb') as fh:
        magic = fh.read(4)
    if magic == b'Obj\x01':
        dump_avro(p)
    elif magic == b'PAR1':
        dump_parquet(p)
    else:
        with open(p, encoding='utf-8') as fh:
            print(repr(fh.read()))
