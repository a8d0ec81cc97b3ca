// Document <-> JSON (schema "evcov-document/1"), the dump `evcov extract` prints
// and the form a Document takes when it crosses a process boundary or the cache.
// FromJson refuses another schema version with a kInvalid error.
#pragma once

#include <nlohmann/json.hpp>

#include "pipeline/document.h"
#include "pipeline/result.h"

namespace evcov {

inline constexpr const char* kDocumentSchema = "evcov-document/1";

nlohmann::json ToJson(const Locator& loc);
nlohmann::json ToJson(const Document& doc);
Result<Document> DocumentFromJson(const nlohmann::json& j);

}  // namespace evcov
