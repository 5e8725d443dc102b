/* cli_out.h - where records go: stdout, or a file written atomically (a temporary file renamed
 * when complete), plain, gzip or zstd by the name's suffix, optionally in shards of N records
 * (out-00000.jsonl.zst, out-00001.jsonl.zst, ...). */
#ifndef KLIPING_CLI_OUT_H
#define KLIPING_CLI_OUT_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cli_out cli_out;

/* Opens the sink. path NULL means stdout (never compressed, never sharded). shard_size 0 means
 * one file. Returns NULL after printing the reason on stderr. */
cli_out *cli_out_open(const char *path, size_t shard_size);

/* Writes one record (a complete JSON line). Returns false on a write error (errno is set);
 * the error has not been printed. */
bool cli_out_write(cli_out *o, const char *p, size_t n);

/* Finishes the output: with commit, flushes, closes and renames the temporary file to its
 * final name; without, removes the temporary file. Frees o. Returns false on an error
 * (printed on stderr, except a closed pipe on stdout, reported through *broken_pipe). */
bool cli_out_close(cli_out *o, bool commit, bool *broken_pipe);

/* Installs SIGINT, SIGTERM and SIGHUP handlers that remove the temporary file being written
 * and then let the signal end the process. */
void cli_out_trap_signals(void);

#endif
