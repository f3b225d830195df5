#pragma once

#include <string>

namespace yishi {

/// Checks a village's statistical division code (统计用区划代码): 12 digits (province, city, county, township,
/// village: 2+2+2+3+3), a province that exists, and a township and a village part that are not zero. A
/// malformed code is a DataError saying what is wrong with it. Pure.
void check_village_code(const std::string& code);
/// The township's code of a village (checked): 9 digits, the village's first nine; empty gives those. Pure.
std::string township_code_of(const std::string& code, const std::string& township_code);

} // namespace yishi
