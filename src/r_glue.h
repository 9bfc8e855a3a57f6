/* r_glue.h - helpers shared by the SEXP glue (r_*.c).  Only the glue includes
 * R headers; the core (b2m.h and its .c files) never does. */
#ifndef B2M_R_GLUE_H
#define B2M_R_GLUE_H

#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include "b2m.h"

/* Rows handed to the core at a time; the user can interrupt between chunks. */
#define B2M_CHUNK ((size_t) 65536)

/* A numeric or logical vector as a core column (read-only, no copy). */
b2m_column r_column(SEXP x);
/* The common length of the arguments (R has checked they are 1 or n). */
size_t r_common_length(SEXP x, SEXP y);
/* A length-1 double argument. */
double r_scalar(SEXP x);

/* Prepare `n` bad-row records for the chunk starting at `start`. */
void r_bad_rows_offset(b2m_bad_rows *bad, size_t n, size_t start);
/* NULL when no argument had a bad value, else a list of class
 * "b2m_bad_values" (arg, row, problem, count) that R turns into the error. */
SEXP r_bad_values(const b2m_bad_rows *bad, size_t n_args);

#endif
