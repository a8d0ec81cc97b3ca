// evcov-extract-child: extracts one file for an isolated evcov run and writes
// the Document as JSON on stdout. Started only by ExtractFileIsolated
// (pipeline/isolate.h), which owns the protocol.
#include "pipeline/isolate.h"

int main(int argc, char** argv) { return evcov::ExtractionHelperMain(argc, argv); }
