// The benchmark tools' tests' main(): doctest's own, so ctest can run each test case by name.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
