// The precompiled headers of the tests (tests/CMakeLists.txt: ial_test_pch).
