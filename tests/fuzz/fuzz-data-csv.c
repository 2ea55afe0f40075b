/* fuzz-data-csv.c: the data CSV loader (shl_data_from_csv_data).
 *
 * Any input either loads or fails with an SHL_ERROR naming the input. A
 * loaded data set has at least one row of finite numbers inside a usable
 * domain (lo < hi, width finite), and labels 0 or 1 when it says
 * classification. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "fuzz-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  fuzz_init ();
  GError *error = NULL;
  ShlData *d = shl_data_from_csv_data ((const char *) data, (gssize) size, "fuzz", &error);
  if (!d)
    {
      fuzz_check_error (error, "fuzz", data, size);
      g_error_free (error);
      return 0;
    }
  FUZZ_CHECK (d->d == 1 || d->d == 2, "d = %d", d->d);
  FUZZ_CHECK (d->n >= 1, "no rows");
  for (int j = 0; j < d->d; j++)
    FUZZ_CHECK (d->lo[j] < d->hi[j] && isfinite (d->hi[j] - d->lo[j])
                && isfinite (d->hi[j] + d->lo[j]) && d->hi[j] - d->lo[j] >= DBL_MIN,
                "domain [%g, %g]", d->lo[j], d->hi[j]);
  for (size_t k = 0; k < d->n; k++)
    {
      for (int j = 0; j < d->d; j++)
        {
          double x = d->x[k * (size_t) d->d + (size_t) j];
          FUZZ_CHECK (isfinite (x) && x >= d->lo[j] && x <= d->hi[j], "x = %g", x);
        }
      FUZZ_CHECK (isfinite (d->y[k]), "y not finite");
      FUZZ_CHECK (!d->classification || d->y[k] == 0.0 || d->y[k] == 1.0, "label %g", d->y[k]);
    }
  shl_data_free (d);
  return 0;
}
