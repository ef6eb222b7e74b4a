package dev.pipeline.stream.archive;

/** What becomes of a loaded file's rows ({@code stream.archive.format}). */
public enum ArchiveFormat {
    /** The rows the batch stored, as Parquet under {@code processed/event_date=YYYY-MM-DD/}; the raw file is deleted. */
    PARQUET,
    /** The raw file itself, moved to {@code processed/} as it was (bad lines included). */
    CSV,
    /** Nothing: the raw file is deleted once its rows are in PostgreSQL. */
    NONE
}
