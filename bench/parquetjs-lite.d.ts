// parquetjs-lite ships no type declarations; the benchmark uses only this much of it.
declare module 'parquetjs-lite' {
  const parquet: {
    ParquetSchema: new (fields: Record<string, { type: string; optional?: boolean }>) => unknown;
    ParquetWriter: {
      openFile(
        schema: unknown,
        path: string,
        options?: { compression?: string },
      ): Promise<{
        appendRow(row: Record<string, unknown>): Promise<void>;
        close(): Promise<void>;
      }>;
    };
    ParquetReader: {
      openFile(path: string): Promise<{ getCursor(): { next(): Promise<unknown> }; close(): Promise<void> }>;
    };
  };
  export default parquet;
}
