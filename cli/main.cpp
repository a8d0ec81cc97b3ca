// evcov: thin command-line front end; the work is in evcov_lib.
#include <fstream>
#include <iostream>
#include <iterator>

#include "extractors/registry.h"
#include "pipeline/document_json.h"

int main(int argc, char** argv) {
  if (argc < 3 || std::string(argv[1]) != "extract") {
    std::cerr << "usage: evcov extract FILE\n";
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  evcov::ExtractContext ctx;
  ctx.path = argv[2];
  auto doc = evcov::ExtractorRegistry::Builtin().Extract(
      std::as_bytes(std::span<const char>(bytes.data(), bytes.size())), ctx);
  if (!doc.ok()) {
    std::cerr << "evcov: " << doc.error().ToString() << "\n";
    return 1;
  }
  std::cout << evcov::ToJson(*doc).dump(2) << "\n";
  return 0;
}
