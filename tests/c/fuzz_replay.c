/* fuzz_replay.c - runs a fuzz harness over the files named on the command
 * line, without libFuzzer: `make sanitize` replays the committed corpus with
 * the system compiler's sanitizers, so the harnesses' invariants are checked
 * on machines without clang too. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        uint8_t buffer[65536];
        size_t size;
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) {
            fprintf(stderr, "cannot open %s\n", argv[i]);
            return 1;
        }
        size = fread(buffer, 1, sizeof buffer, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buffer, size);
    }
    printf("replayed %d inputs\n", argc - 1);
    return 0;
}
