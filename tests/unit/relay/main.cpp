// The relay unit tests' entry point: doctest's own main, so the usual command-line filters work.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
