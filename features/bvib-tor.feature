Feature: Tower Hamlets Best Value Improvement Board, terms of reference, 12 June 2017

  Title: Tower Hamlets Best Value Improvement Board, terms of reference.
  Adopted by the Mayor's decision of 12 June 2017 (Individual Mayoral Decision 158) to comply with
  the Best Value directions of 28 March 2017 (section 15 of the Local Government Act 1999). Dated
  "April 2017 - March 19": read as in force from 1 April 2017 to the end of 31 March 2019.
  Source: seed paper 004 (Mayor's executive decision making, 12 June 2017), Appendix 1, Draft Terms
  of Reference of the Tower Hamlets Best Value Improvement Board (FREQUENCY, ROLE, CHAIR and
  MEMBERS).

  The terms of reference require quarterly public meetings ("meeting in public every quarter to
  ensure transparency and accountability"), chaired by the Mayor, with the members they list,
  among them the group leaders.

  In the papers the Board met in public on 14 June 2017 (its minutes). The meeting of 11 September
  2017 is known only from its published agenda (its minutes are not in the papers), so it is
  recorded as scheduled, with attendance not known; later meetings on 18 December 2017 and 19 March
  2018 are only scheduled in its forward plan.

  Background:
    Given the records of Tower Hamlets as the council papers state them

  # ---------------------------------------------------------------------------------------------
  # Quarterly public meetings
  # ---------------------------------------------------------------------------------------------

  @bvib-tor.quarterly-public-meetings
  Scenario Outline: One public meeting in each calendar quarter, quarter by quarter, as the papers stand on 15 January 2018
    "Quarterly" is read as at least one public meeting in each calendar quarter, from the first
    full quarter in force. A meeting only scheduled (an agenda, a forward plan) is not a meeting
    held, and the papers are known to be complete only up to 11 September 2017: so July to
    September and October to December 2017 are unknown, neither met nor in breach.

    When compliance is checked on 15 January 2018
    Then the public meeting for the quarter <quarter> falls due at the end of <last day>
    And the public meeting for the quarter <quarter> is <status>

    Examples:
      | quarter                  | last day          | status   |
      | April to June 2017       | 30 June 2017      | met      |
      | July to September 2017   | 30 September 2017 | unknown  |
      | October to December 2017 | 31 December 2017  | unknown  |
      | January to March 2018    | 31 March 2018     | upcoming |

  @bvib-tor.quarterly-public-meetings
  Scenario: The meeting of 18 December 2017, once held in public, meets the rule for October to December
    Given the Best Value Improvement Board met in public at 18:00 on 18 December 2017
    When compliance is checked on 15 January 2018
    Then the public meeting for the quarter October to December 2017 is met

  @bvib-tor.quarterly-public-meetings
  Scenario: A quarter whose only meeting was held in private breaches the rule
    Given the meeting of the Best Value Improvement Board on 11 September 2017 was held in private
    And the council's records of meetings of the Best Value Improvement Board are complete
    When compliance is checked on 15 January 2018
    Then the Council is in breach of the public meeting for the quarter July to September 2017

  @bvib-tor.quarterly-public-meetings
  Scenario: A quarter whose only meeting was cancelled breaches the rule
    Given the meeting of the Best Value Improvement Board on 11 September 2017 was cancelled
    And the council's records of meetings of the Best Value Improvement Board are complete
    When compliance is checked on 15 January 2018
    Then the public meeting for the quarter July to September 2017 is in breach

  @bvib-tor.quarterly-public-meetings
  Scenario: Nothing falls due after the terms of reference end on 31 March 2019
    When compliance is checked on 15 April 2019
    Then the public meeting for the quarter January to March 2019 falls due at the end of 31 March 2019
    And there is no public meeting for the quarter April to June 2019
    And nothing under the Best Value Improvement Board's terms of reference falls due after 31 March 2019

  # ---------------------------------------------------------------------------------------------
  # Chair and members
  # ---------------------------------------------------------------------------------------------

  @bvib-tor.membership
  Scenario: The meeting of 14 June 2017 was chaired by the Mayor, with the members the terms of reference list
    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value Improvement Board's terms of reference for the chair at the meeting of 14 June 2017 is met
    And the requirement of the Best Value Improvement Board's terms of reference for a member sitting as Chief Executive at the meeting of 14 June 2017 is met
    And the requirement of the Best Value Improvement Board's terms of reference for a member sitting as Chair of the Overview and Scrutiny Committee at the meeting of 14 June 2017 is met
    And the requirement of the Best Value Improvement Board's terms of reference for a member sitting as Local Government Association representative at the meeting of 14 June 2017 is met
    And the requirement of the Best Value Improvement Board's terms of reference for a member of the Independent Group at the meeting of 14 June 2017 is met

  @bvib-tor.membership
  Scenario: A meeting not chaired by the Mayor breaches the terms of reference
    Given the meeting of the Best Value Improvement Board on 14 June 2017 was chaired by Councillor Sirajul Islam
    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value Improvement Board's terms of reference for the chair at the meeting of 14 June 2017 is in breach

  @bvib-tor.membership
  Scenario: No Chief Executive on the Board, where the records of its membership are complete, is a breach
    Given the Best Value Improvement Board had no member sitting as Chief Executive
    And the council's records of membership of the Best Value Improvement Board are complete
    When compliance is checked on 1 July 2017
    Then the requirement of the Best Value Improvement Board's terms of reference for a member sitting as Chief Executive at the meeting of 14 June 2017 is in breach

  @bvib-tor.membership
  Scenario: Only the agenda of 11 September 2017 is in the papers, so whether the Board met with its members is unknown
    Only the agenda of that meeting is in the papers, not its minutes.

    When compliance is checked on 1 October 2017
    Then the requirement of the Best Value Improvement Board's terms of reference for the meeting being held at the meeting of 11 September 2017 is unknown

  @bvib-tor.membership
  Scenario: Even held, a meeting whose attendance is not recorded cannot show who sat on the Board
    The agenda's member list has no Conservative member, and the Vice-Chair of the Overview and
    Scrutiny Committee instead of its Chair; with no record of who attended, neither reads as met.

    Given the meeting of the Best Value Improvement Board on 11 September 2017 was held in public
    When compliance is checked on 1 October 2017
    Then the requirement of the Best Value Improvement Board's terms of reference for the chair at the meeting of 11 September 2017 is unknown
    And the requirement of the Best Value Improvement Board's terms of reference for a member of the Conservative Group at the meeting of 11 September 2017 is unknown
    And the requirement of the Best Value Improvement Board's terms of reference for a member sitting as Chair of the Overview and Scrutiny Committee at the meeting of 11 September 2017 is unknown
    And the public meeting for the quarter July to September 2017 is met

  # ---------------------------------------------------------------------------------------------
  # The standard agenda items and the standing children's services item (issue 15, item 9)
  # ---------------------------------------------------------------------------------------------

  @bvib-tor.agenda-minutes @bvib-tor.agenda-plan-progress @bvib-tor.agenda-risks @bvib-tor.agenda-sos-reports @bvib-tor.agenda-forward-plan @bvib-tor.childrens-services-item
  Scenario Outline: The standard items bind the meetings after the first, at which the Board finalised its terms of reference
    The terms of reference list standard agenda items and name no presenter: each is read as due at
    every meeting after the first (14 June 2017, where the Board finalised its draft terms of
    reference), whoever presents it. The standing children's services item was agreed at that
    meeting for "future" meetings. So the first meeting owes none of them.

    When compliance is checked on 1 October 2017
    Then there is no finding for <item> for the meeting of 14 June 2017
    And <item> for the meeting of 11 September 2017 is unknown

    Examples:
      | item                                                    |
      | the standing item on the minutes                        |
      | the standing item on the improvement plan               |
      | the standing item on risks                              |
      | the standing item on reports to the Secretary of State  |
      | the standing item on the forward plan                   |
      | the standing children's services item                   |

  @bvib-tor.agenda-minutes @bvib-tor.agenda-plan-progress @bvib-tor.agenda-sos-reports @bvib-tor.agenda-forward-plan @bvib-tor.childrens-services-item
  Scenario Outline: Once the meeting of 11 September 2017 is known held with its agenda's items, the standard items it lists are met
    The agenda of 11 September 2017 lists the minutes of 14 June 2017, the update on the improvement
    plan (the draft report to the Secretary of State), the children's services improvement plan and
    the forward plan.

    Given the meeting of the Best Value Improvement Board on 11 September 2017 was held in public
    When compliance is checked on 1 October 2017
    Then the Council has met <item> for the meeting of 11 September 2017

    Examples:
      | item                                                    |
      | the standing item on the minutes                        |
      | the standing item on the improvement plan               |
      | the standing item on reports to the Secretary of State  |
      | the standing item on the forward plan                   |
      | the standing children's services item                   |

  @bvib-tor.agenda-risks @bvib-tor.childrens-services-item
  Scenario: A meeting known only from its agenda leaves the standard items unknown
    When compliance is checked on 1 October 2017
    Then the standing item on risks for the meeting of 11 September 2017 is unknown
    And the standing children's services item for the meeting of 11 September 2017 is unknown

  @bvib-tor.agenda-risks
  Scenario Outline: Once the meeting of 11 September 2017 is known held, a review of risks meets the item whoever presents it
    Given the Best Value Improvement Board met at 18:00 on 11 September 2017 <how> the <presenter>'s review of risks
    When compliance is checked on 1 October 2017
    Then the standing item on risks for the meeting of 11 September 2017 is <status>

    Examples:
      | how     | presenter                                        | status    |
      | with    | Mayor                                            | met       |
      | with    | Chief Executive                                  | met       |
      | without | Mayor                                            | in breach |

  @bvib-tor.childrens-services-item @bvib-tor.agenda-forward-plan
  Scenario: A held meeting whose papers do not say what was tabled leaves the items unknown
    Given the Best Value Improvement Board met at 18:00 on 18 December 2017, and the papers do not say what was tabled
    When compliance is checked on 1 January 2018
    Then the standing children's services item for the meeting of 18 December 2017 is unknown
    And the standing item on the forward plan for the meeting of 18 December 2017 is unknown

  @bvib-tor.childrens-services-item
  Scenario: The children's services item by the Director of Children's Services meets the standing item
    Given the Best Value Improvement Board met at 18:00 on 18 December 2017 with the Director of Children's Services's children's services improvement report
    When compliance is checked on 1 January 2018
    Then the Council has met the standing children's services item for the meeting of 18 December 2017

  # ---------------------------------------------------------------------------------------------
  # Officers meet the Mayor every six weeks (issue 15, item 9)
  # ---------------------------------------------------------------------------------------------

  @bvib-tor.officers-meet-mayor
  Scenario: The papers record no officers' meeting with the Mayor: the first is not proven either way
    The first is due within six weeks of 12 June 2017, the day the Mayor agreed the terms of
    reference (that day not counted): by the end of 24 July 2017.

    When compliance is checked on 1 August 2017
    Then the first officers' meeting with the Mayor falls due at the end of 24 July 2017
    And the first officers' meeting with the Mayor is unknown

  @bvib-tor.officers-meet-mayor
  Scenario Outline: An officers' meeting with the Mayor within six weeks of 12 June 2017 meets the first
    Given the council's records of meetings of the Best Value Improvement Board officers' meeting with the Mayor are complete
    And the Best Value Improvement Board officers' meeting with the Mayor met at 10:00 on <day>
    When compliance is checked on 1 August 2017
    Then the first officers' meeting with the Mayor is <status>

    Examples:
      | day          | status    |
      | 20 July 2017 | met       |
      | 24 July 2017 | met       |
      | 25 July 2017 | in breach |

  @bvib-tor.officers-meet-mayor
  Scenario: With complete records and no meeting, the first officers' meeting with the Mayor is in breach
    Given the council's records of meetings of the Best Value Improvement Board officers' meeting with the Mayor are complete
    When compliance is checked on 1 August 2017
    Then the Council is in breach of the first officers' meeting with the Mayor
