#pragma once
// Declarations of each scenario section, one function per section (one file each, owned by that room).
#include "config/scenario.hpp"
#include "config/schema.hpp"

namespace aca::config::sections {

void declare_simulation(Schema& s);  ///< [simulation], [response_curve]
void declare_population(Schema& s);  ///< [population] and its segments and network
void declare_decision(Schema& s);    ///< [decision]
void declare_data(Schema& s);        ///< [data]
void declare_collective(Schema& s);  ///< [[collective]]
void declare_platform(Schema& s);    ///< [platform] and its model, privacy and gdro tables
void declare_analysis(Schema& s);    ///< [analysis]
void declare_sweep(Schema& s);       ///< [sweep]
void declare_limits(Schema& s);      ///< [limits]

}  // namespace aca::config::sections
