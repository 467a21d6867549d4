// The replay runner of the fuzz targets under g++ (no libFuzzer): runs LLVMFuzzerTestOneInput once
// on every file named on the command line and every file in every directory named, so that ctest
// checks the committed corpus and any crash file a fuzzer wrote, with or without sanitizers.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size);
extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace
{

std::vector<std::uint8_t> read_file(std::filesystem::path const& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void replay(std::filesystem::path const& path)
{
    auto const input = read_file(path);
    // Like libFuzzer, hand over a buffer of exactly the input's size (ASan sees an overread).
    std::vector<std::uint8_t> exact(input);
    exact.shrink_to_fit();
    LLVMFuzzerTestOneInput(exact.data(), exact.size());
}

} // namespace

int main(int argc, char** argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    std::size_t replayed = 0;
    for (int i = 1; i < argc; ++i)
    {
        std::filesystem::path const arg(argv[i]);
        if (std::filesystem::is_directory(arg))
        {
            std::vector<std::filesystem::path> files;
            for (auto const& entry : std::filesystem::directory_iterator(arg))
                if (entry.is_regular_file())
                    files.push_back(entry.path());
            std::sort(files.begin(), files.end());
            for (auto const& file : files)
                replay(file);
            replayed += files.size();
        }
        else if (std::filesystem::is_regular_file(arg))
        {
            replay(arg);
            ++replayed;
        }
        else
        {
            std::fprintf(stderr, "replay: no such file or directory: %s\n", argv[i]);
            return 2;
        }
    }
    if (replayed == 0)
    {
        std::fprintf(stderr, "replay: no inputs\n");
        return 2;
    }
    std::printf("replayed %zu inputs without a failure\n", replayed);
    return 0;
}
