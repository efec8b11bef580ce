Feature: Access to information, the council's constitution (executive decisions, Cabinet papers, interests)

  Title: the rules on access to information that the council's constitution applies under the Local
  Authorities (Executive Arrangements) (Meetings and Access to Information) (England) Regulations
  2012, as the notes of the Cabinet decision notice of 19 December 2018 state them (seed paper 003),
  and the rule on disclosable pecuniary interests the council's meeting papers print (seed paper
  002). Not a direction: the council's own rules, read from 10 September 2012, when the 2012
  Regulations came into force, until revoked.

  The council gives 28 days' notice of a key decision before it is taken (in the Forward Plan or by
  an individual notice), unless the decision is taken under the urgency (or general-exception)
  procedure, which is not a breach for short notice but is reported as such; it gives 28 days'
  notice of business the Cabinet is to consider in private; it publishes the reports and papers of a
  Cabinet meeting 5 clear working days before it (weekends and England and Wales bank holidays are
  not working days; neither the day of publication nor that of the meeting counts). A member who
  discloses at a meeting a pecuniary interest not in the register notifies the Monitoring Officer
  within 28 days. The public's 10 working days to make representations is a right, not a duty: not
  encoded.

  Background:
    Given the records of Tower Hamlets as the council papers state them

  # ---------------------------------------------------------------------------------------------
  # 28 days' notice of a key decision
  # ---------------------------------------------------------------------------------------------

  @access-to-information.key-decision-notice
  Scenario: Notice published 28 days before a key decision meets the rule
    The day of the decision is not counted, the day of the notice is: 28 days before 19 December
    2018 is 21 November 2018.

    Given the Cabinet took a key decision at 17:30 on 19 December 2018
    And notice of the decision was published on 21 November 2018
    When compliance is checked on 1 January 2019
    Then the notice of a key decision for the decision taken on 19 December 2018 falls due at the end of 21 November 2018
    And the Council has met the notice of a key decision for the decision taken on 19 December 2018
    And the computation of the due date says "28 days before it, the day of the event not counted: 21 November 2018"

  @access-to-information.key-decision-notice
  Scenario: Notice published a day short is a breach, however soon it followed
    Given the Cabinet took a key decision at 17:30 on 19 December 2018
    And notice of the decision was published on 22 November 2018
    When compliance is checked on 1 January 2019
    Then the Council is in breach of the notice of a key decision for the decision taken on 19 December 2018

  @access-to-information.key-decision-notice
  Scenario Outline: A key decision taken under the urgency or general-exception procedure is met, and says so
    Short notice is not a breach under those procedures; the finding is met with the procedure named,
    and is due at the decision itself.

    Given the Cabinet took a key decision at 17:30 on 19 December 2018 under the <procedure> procedure
    And notice of the decision was published on 18 December 2018
    When compliance is checked on 1 January 2019
    Then the Council has met the notice of a key decision for the decision taken on 19 December 2018
    And the computation of the due date says "the decision was taken under the <procedure> procedure"
    And the notice of a key decision for the decision taken on 19 December 2018 falls due at 17:30 GMT on 19 December 2018

    Examples:
      | procedure         |
      | urgency           |
      | general-exception |

  @access-to-information.key-decision-notice
  Scenario: A key decision whose notice is not recorded is unknown, not a breach
    Given the Cabinet took a key decision at 17:30 on 19 December 2018
    When compliance is checked on 1 January 2019
    Then the notice of a key decision for the decision taken on 19 December 2018 is unknown

  @access-to-information.key-decision-notice
  Scenario: A key decision with no notice, where the records are complete, is a breach
    Given the Cabinet took a key decision at 17:30 on 19 December 2018
    And the council's records of the notice of a key decision are complete
    When compliance is checked on 1 January 2019
    Then the Council is in breach of the notice of a key decision for the decision taken on 19 December 2018

  @access-to-information.key-decision-notice
  Scenario: A decision that does not say whether it was a key decision is unknown
    Given the Cabinet took a decision not recorded as key or not at 17:30 on 19 December 2018
    And the council's records of the notice of a key decision are complete
    When compliance is checked on 1 January 2019
    Then the notice of a key decision for the decision taken on 19 December 2018 is unknown

  @access-to-information.key-decision-notice
  Scenario: The decisions in the papers were not key decisions: no notice was owed
    The Cabinet decision of 19 December 2018 ("Key Decision? No") and the Mayor's decision of 12 June
    2017 ("Is this a Key Decision? No") owe no notice under the rule.

    When compliance is checked on 1 January 2019
    Then there is no finding for the notice of a key decision for the decision taken on 19 December 2018
    And there is no finding for the notice of a key decision for the decision taken on 12 June 2017

  # ---------------------------------------------------------------------------------------------
  # 28 days' notice of business in private
  # ---------------------------------------------------------------------------------------------

  @access-to-information.private-business-notice
  Scenario: Business the Cabinet takes in private needs 28 days' notice
    Given the Cabinet took a decision in private at 17:30 on 19 December 2018
    And notice of business in private of the decision was published on 20 November 2018
    When compliance is checked on 1 January 2019
    Then the Council has met the notice of business in private for the decision taken on 19 December 2018

  @access-to-information.private-business-notice
  Scenario: Notice of business in private given 27 days before is a breach
    Given the Cabinet took a decision in private at 17:30 on 19 December 2018
    And notice of business in private of the decision was published on 22 November 2018
    When compliance is checked on 1 January 2019
    Then the Council is in breach of the notice of business in private for the decision taken on 19 December 2018

  # ---------------------------------------------------------------------------------------------
  # Cabinet papers 5 clear working days before the meeting
  # ---------------------------------------------------------------------------------------------

  @access-to-information.cabinet-papers
  Scenario: The papers of the Cabinet of 19 December 2018 are not recorded as published: unknown
    When compliance is checked on 1 January 2019
    Then the Cabinet papers for the meeting of 19 December 2018 falls due at the end of 11 December 2018
    And the Cabinet papers for the meeting of 19 December 2018 is unknown

  @access-to-information.cabinet-papers
  Scenario: Papers published on the last day allowed meet the rule
    19 December 2018 is a Wednesday: the five working days before it are 18, 17, 14, 13 and 12
    December, so the papers are due by the end of 11 December.

    Given the papers for the meeting of the Cabinet on 19 December 2018 were published on 11 December 2018
    When compliance is checked on 1 January 2019
    Then the Council has met the Cabinet papers for the meeting of 19 December 2018

  @access-to-information.cabinet-papers
  Scenario Outline: Five clear working days across Christmas: the bank holidays are not counted
    A Cabinet meeting on Friday 28 December 2018: the working days before it are 27, 24, 21, 20 and
    19 December (Christmas Day and Boxing Day are bank holidays, the weekend is not counted), and
    the day of publication is not counted either, so the papers are due by the end of 18 December.

    Given the Cabinet met at 17:30 on 28 December 2018
    And the papers for the meeting of the Cabinet on 28 December 2018 were published on <published>
    When compliance is checked on 1 January 2019
    Then the Cabinet papers for the meeting of 28 December 2018 falls due at the end of 18 December 2018
    And the Cabinet papers for the meeting of 28 December 2018 is <status>
    And the computation of the due date says "25 December 2018 (Christmas Day) and 26 December 2018 (Boxing Day) are bank holidays"
    And the computation of the due date says "GOV.UK list of bank holidays, England and Wales"

    Examples:
      | published        | status    |
      | 18 December 2018 | met       |
      | 19 December 2018 | in breach |

  # ---------------------------------------------------------------------------------------------
  # A disclosable pecuniary interest not in the register
  # ---------------------------------------------------------------------------------------------

  @access-to-information.dpi-notification
  Scenario Outline: An interest disclosed at a meeting is notified to the Monitoring Officer within 28 days
    The day of the meeting is not counted: 28 days after 14 June 2017 end on 12 July 2017.

    Given Councillor Sirajul Islam disclosed an interest not in the register at the meeting of the Best Value Improvement Board on 14 June 2017
    And the Monitoring Officer was notified of the interest on <notified>
    When compliance is checked on 1 September 2017
    Then the notification of an interest for the interest disclosed on 14 June 2017 falls due at the end of 12 July 2017
    And the notification of an interest for the interest disclosed on 14 June 2017 is <status>
    And the duty holder named is the member with the interest

    Examples:
      | notified     | status   |
      | 12 July 2017 | met      |
      | 20 July 2017 | met late |

  @access-to-information.dpi-notification
  Scenario: An interest notified before the 28 days are out
    Given Councillor Sirajul Islam disclosed an interest not in the register at the meeting of the Best Value Improvement Board on 14 June 2017
    And the Monitoring Officer was notified of the interest on 10 July 2017
    When compliance is checked on 1 September 2017
    Then the notification of an interest for the interest disclosed on 14 June 2017 is met

  @access-to-information.dpi-notification
  Scenario: An interest with no notification recorded is unknown, and a breach once the records are complete
    Given Councillor Sirajul Islam disclosed an interest not in the register at the meeting of the Best Value Improvement Board on 14 June 2017
    When compliance is checked on 1 September 2017
    Then the notification of an interest for the interest disclosed on 14 June 2017 is unknown
